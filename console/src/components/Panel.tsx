import { Card, CardContent, Stack, Typography, type SxProps } from '@mui/material';

/** A titled card: the building block of every page. */
export function Panel({
  title,
  children,
  sx,
  testId,
}: {
  title?: React.ReactNode;
  children: React.ReactNode;
  sx?: SxProps;
  testId?: string;
}) {
  return (
    <Card variant="outlined" sx={sx} data-testid={testId}>
      <CardContent>
        {title && (
          <Typography variant="h6" component="h3">
            {title}
          </Typography>
        )}
        {children}
      </CardContent>
    </Card>
  );
}

/** A page: its heading, then its content. */
export function Page({ title, children }: { title: React.ReactNode; children: React.ReactNode }) {
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        {title}
      </Typography>
      {children}
    </Stack>
  );
}
