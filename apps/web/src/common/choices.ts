import { LANGUAGES, ROLES } from '@casework/contracts';

// Choice names are translation keys: react-admin's inputs translate them.
export const roleChoices = ROLES.map((role) => ({ id: role, name: `roles.${role}` }));
export const languageChoices = LANGUAGES.map((language) => ({ id: language, name: `languages.${language}` }));
