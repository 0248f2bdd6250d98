import { Box, Button, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/Lock';
import { Link } from 'react-router-dom';
import { Title, useTranslate } from 'react-admin';

/** Shown instead of a screen the role may not use: nothing of the screen is fetched. */
export const AccessDenied = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center' }}>
      <Title title="pages.access_denied" />
      <LockIcon sx={{ fontSize: 64, color: 'text.secondary' }} aria-hidden />
      <Typography sx={{ my: 2 }}>{translate('pages.access_denied_text')}</Typography>
      <Button component={Link} to="/" variant="contained">
        {translate('pages.back_to_workspace')}
      </Button>
    </Box>
  );
};
