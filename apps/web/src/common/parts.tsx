import type { ReactNode } from 'react';
import { Box, Card, CardContent, CircularProgress, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A spinner that says what it is, while a section loads. */
export const Loading = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', p: 2 }}>
      <CircularProgress size={24} aria-label={translate('ra.page.loading')} />
    </Box>
  );
};

/** A table's column headers, one translation key each. */
export const ColumnHeads = ({ labels }: { labels: string[] }) => {
  const translate = useTranslate();
  return (
    <TableHead>
      <TableRow>
        {labels.map((label) => (
          <TableCell key={label} component="th" scope="col">
            {translate(label)}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
};

/** One section of a custom page: a card titled by its h2 (the app bar holds the h1), with an introduction. */
export const SectionCard = ({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) => (
  <Card component="section" aria-labelledby={id}>
    <CardContent>
      <Typography variant="h2" id={id} sx={{ fontSize: '1.15rem', fontWeight: 500, mb: 1 }}>
        {title}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {intro}
      </Typography>
      {children}
    </CardContent>
  </Card>
);
