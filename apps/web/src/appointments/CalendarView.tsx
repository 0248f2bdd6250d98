import { useMemo, useRef } from 'react';
import { Box } from '@mui/material';
import FullCalendar from '@fullcalendar/react';
import type { EventContentArg, EventInput, EventSourceFuncArg } from '@fullcalendar/core';
import timeGridPlugin from '@fullcalendar/timegrid';
import dayGridPlugin from '@fullcalendar/daygrid';
import listPlugin from '@fullcalendar/list';
import enGbLocale from '@fullcalendar/core/locales/en-gb';
import frLocale from '@fullcalendar/core/locales/fr';
import esLocale from '@fullcalendar/core/locales/es';
import { useLocaleState, useTranslate } from 'react-admin';
import { intlLocale } from '../common/locale';
import { STATUS_COLOURS } from './model';
import type { Appointment } from './types';

const LOCALES = { en: enGbLocale, fr: frLocale, es: esLocale } as const;

export interface CalendarViewProps {
  /** Loads the appointments overlapping [from, to). */
  load: (from: Date, to: Date) => Promise<Appointment[]>;
  showStaff: boolean;
  onOpen: (id: string) => void;
  /** Changes when the shown appointments must be fetched again. */
  refreshKey: string;
}

/**
 * FullCalendar, loaded only with the calendar screen (it is a large bundle). Day and week grids,
 * and a list view that reads as a plain list to a screen reader. Each event says its status in
 * words, not only by colour.
 */
export default function CalendarView({ load, showStaff, onOpen, refreshKey }: CalendarViewProps) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  const source = useMemo(
    () => ({
      id: refreshKey,
      events: (info: EventSourceFuncArg, success: (events: EventInput[]) => void, failure: (error: Error) => void) => {
        load(info.start, info.end).then(
          (list) =>
            success(
              list.map((a) => ({
                id: a.id,
                start: a.startsAt,
                end: a.endsAt,
                title: a.caseReference,
                backgroundColor: STATUS_COLOURS[a.status],
                borderColor: STATUS_COLOURS[a.status],
                textColor: '#ffffff',
                classNames: [`cw-appointment-${a.status}`],
                extendedProps: { appointment: a },
              })),
            ),
          (e: Error) => failure(e),
        );
      },
    }),
    [load, refreshKey],
  );

  const content = (arg: EventContentArg) => {
    const a = arg.event.extendedProps.appointment as Appointment;
    const status = a.status === 'scheduled' ? '' : ` · ${translate(`cw_appointments.statuses.${a.status}`)}`;
    return (
      <Box
        component="span"
        sx={{
          display: 'block',
          overflow: 'hidden',
          fontSize: '0.8rem',
          lineHeight: 1.25,
          textDecoration: a.status === 'cancelled' ? 'line-through' : 'none',
        }}
      >
        <b>{arg.timeText}</b> {a.caseReference}
        {status}
        <br />
        {translate(`cw_appointments.channels.${a.channel}`)} · {a.purpose}
        {showStaff && (
          <>
            <br />
            {a.staffName}
          </>
        )}
      </Box>
    );
  };

  const box = useRef<HTMLDivElement>(null);
  // FullCalendar's toolbar icons are role="img" without a name inside buttons that have one: hide them from assistive technology.
  const quietIcons = () =>
    requestAnimationFrame(() => box.current?.querySelectorAll('.fc-icon').forEach((el) => el.setAttribute('aria-hidden', 'true')));

  return (
    <Box
      ref={box}
      sx={{
        '& .fc': { fontSize: '0.9rem' },
        '& .fc-event': { cursor: 'pointer' },
        // Room for two lines in a half-hour appointment; what does not fit is cut, not spilled over the grid.
        '& .fc-timegrid-slot': { height: '2.6em' },
        '& .fc-timegrid-event .fc-event-main': { overflow: 'hidden' },
        // the list view's event rows use the text colour; keep the dot as the status colour
        '& .fc-list-event .fc-list-event-title, & .fc-list-event .fc-list-event-time': { color: 'text.primary' },
        '& .fc-list-event span': { textDecoration: 'none' },
      }}
    >
      <FullCalendar
        plugins={[timeGridPlugin, dayGridPlugin, listPlugin]}
        locale={LOCALES[locale as keyof typeof LOCALES] ?? enGbLocale}
        // The whole office is many people at once: a day at a time, at most three side by side (then "+ more").
        initialView={showStaff ? 'timeGridDay' : 'timeGridWeek'}
        eventMaxStack={showStaff ? 3 : undefined}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridDay,timeGridWeek,listWeek' }}
        slotMinTime="07:00:00"
        slotMaxTime="20:00:00"
        allDaySlot={false}
        nowIndicator
        height="auto"
        eventSources={[source]}
        // FullCalendar's "+ more" is an <a> without href carrying aria-expanded: it acts as a button, so say so.
        moreLinkDidMount={(arg) => arg.el.setAttribute('role', 'button')}
        viewDidMount={quietIcons}
        datesSet={quietIcons}
        eventContent={content}
        eventClick={(arg) => {
          arg.jsEvent.preventDefault();
          onOpen(arg.event.id);
        }}
        eventDidMount={(arg) => {
          const a = arg.event.extendedProps.appointment as Appointment;
          // Events are links for keyboard and screen-reader users too.
          arg.el.setAttribute('tabindex', '0');
          arg.el.setAttribute('role', 'link');
          arg.el.setAttribute(
            'aria-label',
            translate('cw_appointments.event_label', {
              reference: a.caseReference,
              when: new Date(a.startsAt).toLocaleString(intlLocale(locale), { dateStyle: 'full', timeStyle: 'short' }),
              status: translate(`cw_appointments.statuses.${a.status}`),
              channel: translate(`cw_appointments.channels.${a.channel}`),
              staff: a.staffName,
            }),
          );
          arg.el.addEventListener('keydown', (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onOpen(a.id);
            }
          });
        }}
      />
    </Box>
  );
}
