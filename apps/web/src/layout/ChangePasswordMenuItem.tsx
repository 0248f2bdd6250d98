import { forwardRef } from 'react';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import { Link } from 'react-router-dom';
import { useTranslate, useUserMenu } from 'react-admin';
import { CHANGE_PASSWORD_PATH } from '../providers/authProvider';

export const ChangePasswordMenuItem = forwardRef<HTMLAnchorElement>((props, ref) => {
  const translate = useTranslate();
  const userMenu = useUserMenu();
  return (
    <MenuItem component={Link} to={CHANGE_PASSWORD_PATH} ref={ref} onClick={() => userMenu?.onClose()} {...props}>
      <ListItemIcon>
        <KeyIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('menu.change_password')}</ListItemText>
    </MenuItem>
  );
});
ChangePasswordMenuItem.displayName = 'ChangePasswordMenuItem';
