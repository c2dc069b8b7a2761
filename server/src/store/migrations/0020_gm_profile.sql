-- The 国密 profile (#21): a user's mobile number, for the DingTalk robot's @-mention (at.atMobiles).
-- Like the mail address it is stored sealed (enc:sm4:v1:… / enc:aes:v1:…) when a data key is set,
-- so the column is text of any length; rows from before stay readable as they are.
ALTER TABLE notification_preferences ADD COLUMN phone text;
