import { Box } from '@mui/material';
import { BooleanField, FunctionField, Labeled, ReferenceField, Show, SimpleShowLayout, TextField, useTranslate } from 'react-admin';
import { can, type OfficeDto } from '@casework/contracts';
import { useCurrentUser } from '../common/useCurrentUser';
import { OpeningHoursField } from './OpeningHoursField';
import { OfficeClosures } from './OfficeClosures';

export const OfficeShow = () => {
  const translate = useTranslate();
  const seesRegions = can(useCurrentUser()?.role, 'regions', 'read');
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="name" />
        {seesRegions && <ReferenceField source="regionId" reference="regions" link={false} />}
        <TextField source="timeZone" />
        <FunctionField<OfficeDto> source="language" render={(record) => translate(`languages.${record.language}`)} />
        <BooleanField source="national" />
        <Labeled source="openingHours">
          <OpeningHoursField />
        </Labeled>
      </SimpleShowLayout>
      <Box sx={{ px: 2, pb: 2 }}>
        <OfficeClosures />
      </Box>
    </Show>
  );
};
