import { useState } from 'react';
import { Create, SimpleForm, useDataProvider, useNotify, useRedirect, useTranslate, type HttpError } from 'react-admin';
import type { UserDto } from '@casework/contracts';
import { OneTimePasswordDialog } from '../common/OneTimePasswordDialog';
import { UserInputs } from './UserInputs';

type Created = UserDto & { id: string; oneTimePassword: string };

/**
 * Creates a staff account. The API answers with a one-time password: it is
 * kept in this component's state only until the dialog closes. The request
 * goes straight to the data provider so the password never enters the query cache.
 */
export const UserCreate = () => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const [created, setCreated] = useState<{ id: string; fullName: string; password: string } | null>(null);

  const save = async (values: Record<string, unknown>) => {
    try {
      const { data } = await dataProvider.create<Created>('users', { data: values });
      setCreated({ id: data.id, fullName: data.fullName, password: data.oneTimePassword });
    } catch (error) {
      const httpError = error as HttpError;
      if (httpError.body?.errors) return httpError.body.errors;
      notify(httpError.message, { type: 'error' });
    }
  };

  const close = () => {
    const id = created?.id;
    setCreated(null);
    notify('ra.notification.created', { type: 'info', messageArgs: { smart_count: 1 } });
    redirect('edit', 'users', id);
  };

  return (
    <Create>
      <SimpleForm onSubmit={save}>
        <UserInputs />
      </SimpleForm>
      <OneTimePasswordDialog
        password={created?.password ?? null}
        intro={created ? translate('resources.users.one_time_password.created', { name: created.fullName }) : ''}
        onClose={close}
      />
    </Create>
  );
};
