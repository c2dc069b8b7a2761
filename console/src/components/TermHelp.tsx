// A term a reader may not know (割接, 纳入统计, 余量): a small link to its explanation in the
// glossary, with the explanation as the link's tooltip.
import HelpOutlineIcon from '@mui/icons-material/HelpOutlineOutlined';
import { Tooltip } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function TermHelp({ term }: { term: string }) {
  const { t } = useTranslation();
  const meaning = t(`glossary.terms.${term}.meaning`);
  return (
    <Tooltip title={meaning}>
      <Link
        to={`/glossary#${term}`}
        aria-label={`${t('glossary.help')}: ${t(`glossary.terms.${term}.term`)}`}
        style={{ color: 'inherit', verticalAlign: 'middle', marginLeft: 4 }}
        data-term-help={term}
      >
        <HelpOutlineIcon sx={{ fontSize: 16 }} aria-hidden />
      </Link>
    </Tooltip>
  );
}
