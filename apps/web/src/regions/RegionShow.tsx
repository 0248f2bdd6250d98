import { Show, SimpleShowLayout, TextField } from 'react-admin';

export const RegionShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="code" />
      <TextField source="name" />
    </SimpleShowLayout>
  </Show>
);
