/**
 * Intervention plans for the demo population, in every status, built from the cases as the
 * population left them and following the API's rules: one current plan per case, drafted by the
 * case's worker, submitted plans in the supervisor's inbox, approved ones with their author to
 * agree, agreed ones with review dates (those coming due with their review item, as the daily job
 * makes them), completed plans on cases closed into work or training with an outcome for every
 * goal, cancelled ones on other closed cases. Goals and actions are written in the office's
 * language and fit the person's priority groups. Pure and deterministic, like the population.
 */
import type {
  AgreementMethod,
  GoalOutcome,
  PlanActionOwner,
  PlanActionStatus,
  PlanActionType,
  PlanEventKind,
  PlanStatus,
  Role,
} from '@casework/contracts';
import { DAY, addDays, later, localDate, workTime } from './demo-random.js';
import { rng } from './demo-people.js';
import { workItemRow, type CaseRow, type Population, type PopulationInput, type WorkItemRow } from './demo-population.js';

/** Days before the review date that the daily job hands out the review item (as PLAN_REVIEW_LEAD_DAYS). */
const REVIEW_LEAD_DAYS = 7;

export interface PlanRow {
  id: string;
  caseId: string;
  status: PlanStatus;
  nextReviewDate: string | null;
  agreedOn: string | null;
  agreementMethod: AgreementMethod | null;
  approvalComment: string | null;
  returnComment: string | null;
  cancelReason: string | null;
  createdBy: string;
  createdAt: number;
  submittedBy: string | null;
  submittedAt: number | null;
  approvedBy: string | null;
  approvedAt: number | null;
  returnedBy: string | null;
  returnedAt: number | null;
  agreementRecordedBy: string | null;
  agreementRecordedAt: number | null;
  completedBy: string | null;
  completedAt: number | null;
  cancelledBy: string | null;
  cancelledAt: number | null;
  reviewItemFor: string | null;
  version: number;
  updatedAt: number;
}

export interface GoalRow {
  id: string;
  planId: string;
  position: number;
  description: string;
  targetDate: string | null;
  outcome: GoalOutcome | null;
  outcomeNote: string | null;
  createdAt: number;
}

export interface ActionRow {
  id: string;
  goalId: string;
  planId: string;
  position: number;
  type: PlanActionType;
  description: string;
  provider: string | null;
  owner: PlanActionOwner;
  ownerUserId: string | null;
  dueDate: string | null;
  status: PlanActionStatus;
  outcome: string | null;
  createdAt: number;
}

export interface PlanEventRow {
  planId: string;
  caseId: string;
  kind: PlanEventKind;
  data: Record<string, unknown>;
  actorId: string | null;
  actorRole: Role | null;
  at: number;
}

export interface PlanRows {
  plans: PlanRow[];
  goals: GoalRow[];
  actions: ActionRow[];
  planEvents: PlanEventRow[];
  workItems: WorkItemRow[];
}

interface ActionTemplate {
  type: PlanActionType;
  text: [string, string];
  provider?: [string, string];
  owner: PlanActionOwner;
  /** Days after the plan is agreed. */
  dueIn: number;
}

interface GoalTemplate {
  groups: string[];
  text: [string, string];
  /** Days after the plan is agreed. */
  targetIn: number;
  actions: ActionTemplate[];
}

/** Goal templates, English (Northside) and French (Riverside), for the groups they suit; `[]` suits anyone. */
const GOALS: GoalTemplate[] = [
  {
    groups: [],
    text: ['Find a job in a field that matches my experience', 'Retrouver un emploi dans un métier proche de mon expérience'],
    targetIn: 120,
    actions: [
      {
        type: 'job_search_support',
        text: ['Apply for at least three vacancies each week', 'Envoyer au moins trois candidatures par semaine'],
        owner: 'jobseeker',
        dueIn: 30,
      },
      {
        type: 'counselling',
        text: ['Update the CV together and prepare for interviews', 'Mettre à jour le CV ensemble et préparer les entretiens'],
        owner: 'staff',
        dueIn: 14,
      },
    ],
  },
  {
    groups: ['youth_at_risk'],
    text: ['Start an apprenticeship or a vocational course', 'Commencer un apprentissage ou une formation qualifiante'],
    targetIn: 150,
    actions: [
      {
        type: 'training',
        text: ['Attend the open day of the apprenticeship centre', 'Participer à la journée portes ouvertes du centre de formation'],
        provider: ['City Apprenticeship Centre', 'CFA de la Vallée'],
        owner: 'jobseeker',
        dueIn: 21,
      },
      {
        type: 'work_experience',
        text: ['Two-week work trial with a local employer', 'Stage de découverte de deux semaines en entreprise'],
        owner: 'staff',
        dueIn: 60,
      },
    ],
  },
  {
    groups: ['low_digital_skills'],
    text: ['Use email and job websites on my own', 'Utiliser seul la messagerie et les sites d’offres d’emploi'],
    targetIn: 60,
    actions: [
      {
        type: 'training',
        text: ['Digital skills workshop, four morning sessions', 'Atelier numérique, quatre matinées'],
        provider: ['Northside Library', 'Médiathèque de Riverside'],
        owner: 'jobseeker',
        dueIn: 30,
      },
      {
        type: 'job_search_support',
        text: [
          'Create an account on the job portal with help at the office',
          'Créer son espace sur le site d’offres avec l’aide de l’agence',
        ],
        owner: 'staff',
        dueIn: 10,
      },
    ],
  },
  {
    groups: ['long_term_unemployed'],
    text: ['Get back into work step by step', 'Reprendre une activité progressivement'],
    targetIn: 180,
    actions: [
      {
        type: 'work_experience',
        text: ['Supported work placement of four weeks', 'Mise en situation professionnelle de quatre semaines'],
        provider: ['Community Works Partnership', 'Association Tremplin Emploi'],
        owner: 'staff',
        dueIn: 45,
      },
      {
        type: 'wage_subsidy',
        text: ['Look for a subsidised job with a partner employer', 'Rechercher un contrat aidé chez un employeur partenaire'],
        owner: 'staff',
        dueIn: 90,
      },
    ],
  },
  {
    groups: ['woman_returner'],
    text: ['Return to work after a career break', 'Reprendre un emploi après une interruption de carrière'],
    targetIn: 120,
    actions: [
      {
        type: 'referral',
        text: ['Arrange childcare for working hours', 'Trouver un mode de garde compatible avec un emploi'],
        provider: ['Family Information Service', 'Relais petite enfance'],
        owner: 'jobseeker',
        dueIn: 30,
      },
      {
        type: 'training',
        text: ['Refresher course in office software', 'Remise à niveau en bureautique'],
        provider: ['Adult Learning Centre', 'GRETA Riverside'],
        owner: 'jobseeker',
        dueIn: 60,
      },
    ],
  },
  {
    groups: ['older_worker'],
    text: ['Have my skills recognised and find a new role', 'Faire reconnaître mes compétences et trouver un nouveau poste'],
    targetIn: 150,
    actions: [
      {
        type: 'counselling',
        text: ['Skills review with the adviser', 'Bilan de compétences avec le conseiller'],
        owner: 'staff',
        dueIn: 21,
      },
      {
        type: 'job_search_support',
        text: ['Join the job club for experienced workers', 'Rejoindre le club emploi des seniors'],
        owner: 'jobseeker',
        dueIn: 30,
      },
    ],
  },
  {
    groups: ['migrant_refugee'],
    text: ['Improve my language skills for work', 'Progresser en français pour le travail'],
    targetIn: 180,
    actions: [
      {
        type: 'training',
        text: ['Work-focused language course, three evenings a week', 'Cours de français à visée professionnelle, trois soirs par semaine'],
        provider: ['Welcome Language School', 'Centre social Les Tilleuls'],
        owner: 'jobseeker',
        dueIn: 90,
      },
      {
        type: 'referral',
        text: ['Ask for recognition of my foreign qualifications', 'Demander la reconnaissance de mes diplômes étrangers'],
        provider: ['Qualifications Recognition Office', 'Centre ENIC-NARIC'],
        owner: 'staff',
        dueIn: 45,
      },
    ],
  },
  {
    groups: ['disability'],
    text: ['Find a job with the adjustments I need', 'Trouver un emploi adapté à ma situation'],
    targetIn: 180,
    actions: [
      {
        type: 'referral',
        text: ['Meet the supported employment service', 'Rencontrer le service d’emploi accompagné'],
        provider: ['Access to Work Partnership', 'Cap emploi'],
        owner: 'staff',
        dueIn: 21,
      },
      {
        type: 'job_search_support',
        text: ['Apply to employers with an inclusive hiring scheme', 'Postuler auprès des employeurs engagés pour l’inclusion'],
        owner: 'jobseeker',
        dueIn: 60,
      },
    ],
  },
  {
    groups: ['rural'],
    text: ['Solve transport to reach job opportunities', 'Trouver une solution de transport pour accéder aux offres'],
    targetIn: 60,
    actions: [
      {
        type: 'referral',
        text: ['Apply for the travel-to-work grant', 'Demander l’aide à la mobilité'],
        provider: ['County Transport Office', 'Plateforme mobilité du département'],
        owner: 'jobseeker',
        dueIn: 21,
      },
      {
        type: 'other',
        text: ['Look into car sharing from the village', 'Étudier le covoiturage depuis la commune'],
        owner: 'jobseeker',
        dueIn: 30,
      },
    ],
  },
];

const RETURN_COMMENTS: [string, string][] = [
  [
    'Please add a target date to each goal and name who does each action.',
    'Merci d’ajouter une date cible à chaque objectif et de préciser qui fait chaque action.',
  ],
  [
    'The goals are fine; split the job search action into smaller steps.',
    'Les objectifs conviennent ; découpez l’action de recherche en étapes plus courtes.',
  ],
];
const APPROVAL_COMMENTS: [string, string][] = [
  ['Good plan, realistic dates.', 'Plan clair, dates réalistes.'],
  ['Approved. Check the training start date with the provider.', 'Validé. Vérifiez la date d’entrée en formation avec l’organisme.'],
];
const OUTCOME_NOTES: [string, string][] = [
  ['Started a job on a permanent contract.', 'A signé un CDI.'],
  ['Completed the course with a certificate.', 'Formation terminée avec attestation.'],
  ['Partly done; carried into the next plan.', 'En partie réalisé ; repris dans le plan suivant.'],
];

/** Where each open case's plan stands, cycled per case worker so every caseload has every status. */
const CYCLE: Array<PlanStatus | null> = [
  'agreed',
  'draft',
  'agreed',
  'submitted',
  'agreed',
  'approved',
  null,
  'agreed',
  'draft',
  'agreed',
  null,
];

/** Adds plans to the population's open and closed cases; their review, approval and agreement items go to `pop.workItems`. */
export function buildPlans(pop: Population, input: PopulationInput): PlanRows {
  const { now, offices, staff } = input;
  const out: PlanRows = { plans: [], goals: [], actions: [], planEvents: [], workItems: [] };
  const officeOf = (id: string): 0 | 1 => (offices[0].id === id ? 0 : 1);
  const supervisorOf = (office: 0 | 1) => staff.find((s) => s.office === office && s.role === 'supervisor')!;
  const byId = new Map(staff.map((s) => [s.id, s]));
  const tz = (c: CaseRow) => offices[officeOf(c.officeId)].timeZone;
  // Since when the case is in its current worker's hands.
  const since = new Map<string, number>();
  for (const e of pop.events) if (e.kind === 'assignment') since.set(e.caseId, e.at);
  const perWorker = new Map<string, number>();

  const cases = [...pop.cases].sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
  cases.forEach((c, n) => {
    const assignee = c.assignedTo ? byId.get(c.assignedTo) : undefined;
    const from = since.get(c.id);
    if (!assignee || from === undefined || (assignee.role !== 'counsellor' && assignee.role !== 'specialist')) return;
    rng.seed(12, n);
    const end = c.closedAt ?? now;
    const held = (end - from) / DAY;
    let status: PlanStatus | null;
    if (c.status === 'closed') {
      if (held < 35) return;
      status =
        c.closeReason === 'employed' || c.closeReason === 'training'
          ? rng.chance(0.7)
            ? 'completed'
            : null
          : rng.chance(0.5)
            ? 'cancelled'
            : null;
    } else if (held < 25) {
      status = held > 3 && rng.chance(0.5) ? 'draft' : null;
    } else {
      const k = perWorker.get(assignee.id) ?? 0;
      perWorker.set(assignee.id, k + 1);
      status = CYCLE[k % CYCLE.length];
    }
    if (!status) return;
    const office = officeOf(c.officeId);
    const lang = office === 0 ? 0 : 1;
    const supervisor = supervisorOf(office);
    const planId = rng.uuid();
    const events: PlanEventRow[] = [];
    const ev = (kind: PlanEventKind, at: number, actor: { id: string; role: Role } | null, data: Record<string, unknown> = {}) =>
      events.push({ planId, caseId: c.id, kind, data, actorId: actor?.id ?? null, actorRole: actor?.role ?? null, at });
    const item = (w: Pick<WorkItemRow, 'kind' | 'assigneeId' | 'dueAt' | 'createdAt'> & Partial<WorkItemRow>) =>
      out.workItems.push(workItemRow({ id: rng.uuid(), officeId: c.officeId, caseId: c.id, ...w, data: { planId, ...w.data } }));

    // The timeline of the plan, from its drafting to where it stands.
    const recent = status === 'draft' || status === 'submitted' || status === 'approved';
    const createdAt =
      status === 'draft' && held < 25
        ? later(rng, from, 1, Math.max(1.5, held - 1), end)
        : recent
          ? workTime(rng, end - rng.between(2, 9) * DAY, from, end)
          : later(rng, from, 2, Math.min(12, held / 3), end);
    const plan: PlanRow = {
      id: planId,
      caseId: c.id,
      status,
      nextReviewDate: null,
      agreedOn: null,
      agreementMethod: null,
      approvalComment: null,
      returnComment: null,
      cancelReason: null,
      createdBy: assignee.id,
      createdAt,
      submittedBy: null,
      submittedAt: null,
      approvedBy: null,
      approvedAt: null,
      returnedBy: null,
      returnedAt: null,
      agreementRecordedBy: null,
      agreementRecordedAt: null,
      completedBy: null,
      completedAt: null,
      cancelledBy: null,
      cancelledAt: null,
      reviewItemFor: null,
      version: 1,
      updatedAt: createdAt,
    };
    ev('created', createdAt, assignee, { nextReviewDate: null });

    // Goals: one that suits anyone, and up to two that suit the person's priority groups.
    const suited = GOALS.slice(1).filter((g) => g.groups.some((x) => c.priorityGroups.includes(x)));
    const chosen = [GOALS[0], ...suited.slice(0, rng.chance(0.5) ? 2 : 1)];
    if (chosen.length === 1) chosen.push(rng.pick(GOALS.slice(1)));
    const day = (at: number) => localDate(at, tz(c));
    let at = createdAt;
    const goalRows: GoalRow[] = [];
    const firstAction = out.actions.length;
    chosen.forEach((g, i) => {
      const goal: GoalRow = {
        id: rng.uuid(),
        planId,
        position: i + 1,
        description: g.text[lang],
        targetDate: null,
        outcome: null,
        outcomeNote: null,
        createdAt: at,
      };
      goalRows.push(goal);
      ev('goal_added', at, assignee, { goalId: goal.id, position: goal.position, description: goal.description, targetDate: null });
      g.actions.forEach((a, k) => {
        const action: ActionRow = {
          id: rng.uuid(),
          goalId: goal.id,
          planId,
          position: k + 1,
          type: a.type,
          description: a.text[lang],
          provider: a.provider?.[lang] ?? null,
          owner: a.owner,
          ownerUserId: a.owner === 'staff' ? assignee.id : null,
          dueDate: null,
          status: 'planned',
          outcome: null,
          createdAt: at,
        };
        out.actions.push(action);
        ev('action_added', at, assignee, { goalId: goal.id, actionId: action.id, type: a.type, owner: a.owner });
        plan.version++;
      });
      plan.version++;
    });
    out.goals.push(...goalRows);
    // This plan's actions are the last ones added.
    const actionsOf = (g: GoalRow) => out.actions.slice(firstAction).filter((a) => a.goalId === g.id);
    // Dates counted from when the plan would be agreed (about two weeks after drafting).
    const setDates = (base: number) => {
      chosen.forEach((g, i) => {
        goalRows[i].targetDate = addDays(day(base), g.targetIn);
        actionsOf(goalRows[i]).forEach((a, k) => (a.dueDate = addDays(day(base), g.actions[k].dueIn)));
      });
    };
    setDates(createdAt + 14 * DAY);

    const step = (kind: PlanEventKind, when: number, actor: { id: string; role: Role }, data: Record<string, unknown> = {}) => {
      ev(kind, when, actor, data);
      plan.version++;
      plan.updatedAt = when;
    };
    const stop = c.status === 'closed' ? c.closedAt! : now;
    const submit = (when: number) => {
      plan.submittedBy = assignee.id;
      plan.submittedAt = when;
      step('submitted', when, assignee, { from: 'draft', to: 'submitted' });
    };
    at = createdAt;
    if (status === 'draft') {
      // Some drafts came back from the supervisor with a comment.
      if (held > 25 && rng.chance(0.4)) {
        const submitted = later(rng, createdAt, 0.5, 3, stop);
        submit(submitted);
        const returned = later(rng, submitted, 0.2, 2, stop);
        plan.returnedBy = supervisor.id;
        plan.returnedAt = returned;
        plan.returnComment = rng.pick(RETURN_COMMENTS)[lang];
        step('returned', returned, supervisor, { from: 'submitted', to: 'draft', comment: plan.returnComment });
        item({ kind: 'plan_returned', assigneeId: assignee.id, priority: 1, createdAt: returned, dueAt: returned + 3 * DAY });
      }
    } else if (status === 'cancelled' && rng.chance(0.5)) {
      // Cancelled while still a draft, when the case closed.
    } else {
      const submitted = later(rng, createdAt, 0.5, status === 'submitted' ? 2 : 4, stop);
      submit(submitted);
      if (status === 'submitted') {
        item({
          kind: 'approve_plan',
          assigneeId: supervisor.id,
          createdAt: submitted,
          dueAt: submitted + 3 * DAY,
          data: { submittedBy: assignee.id },
        });
      } else {
        const approved = later(rng, submitted, 0.1, 2, stop);
        plan.approvedBy = supervisor.id;
        plan.approvedAt = approved;
        plan.approvalComment = rng.chance(0.4) ? rng.pick(APPROVAL_COMMENTS)[lang] : null;
        step('approved', approved, supervisor, { from: 'submitted', to: 'approved', comment: plan.approvalComment });
        item({
          kind: 'approve_plan',
          assigneeId: supervisor.id,
          createdAt: submitted,
          dueAt: submitted + 3 * DAY,
          status: 'done',
          completedBy: supervisor.id,
          completedAt: approved,
          result: { outcome: 'approved' },
          data: { submittedBy: assignee.id },
        });
        const agreeItem = { kind: 'agree_plan' as const, assigneeId: assignee.id, createdAt: approved, dueAt: approved + 14 * DAY };
        if (status === 'approved') item(agreeItem);
        else {
          const agreed = later(rng, approved, 0.5, 6, stop);
          plan.agreedOn = day(agreed);
          plan.agreementMethod = rng.weighted<AgreementMethod>([
            ['signed_paper', 5],
            ['verbal_in_person', 3],
            ['verbal_phone', 1],
            ['digital', 1],
          ]);
          let review = agreed + 90 * DAY;
          while (review < now - 10 * DAY && status === 'agreed') review += 90 * DAY;
          plan.nextReviewDate = day(review);
          plan.agreementRecordedBy = assignee.id;
          plan.agreementRecordedAt = agreed;
          setDates(agreed);
          step('agreed', agreed, assignee, { from: 'approved', to: 'agreed', agreedOn: plan.agreedOn, method: plan.agreementMethod });
          item({
            ...agreeItem,
            status: 'done',
            completedBy: assignee.id,
            completedAt: agreed,
            result: { outcome: 'agreed with the jobseeker' },
          });
          const reviewDay = plan.nextReviewDate;
          if (status === 'agreed' && reviewDay <= addDays(day(now), REVIEW_LEAD_DAYS)) {
            // The daily job has handed out the review.
            const created = Math.min(
              now - 60_000,
              Math.max(agreed + DAY, Date.parse(`${addDays(reviewDay, -REVIEW_LEAD_DAYS)}T05:00:00Z`)),
            );
            plan.reviewItemFor = reviewDay;
            item({
              kind: 'review_plan',
              assigneeId: assignee.id,
              createdAt: created,
              dueAt: Date.parse(`${addDays(reviewDay, 1)}T00:00:00Z`) - 3_600_000,
              data: { reviewDate: reviewDay },
            });
            ev('review_due', created, null, { reviewDate: reviewDay, assigneeId: assignee.id });
          }
          // Progress on the actions and goals.
          const done = status === 'completed';
          goalRows.forEach((g, gi) => {
            for (const a of actionsOf(g)) {
              const s = done
                ? rng.chance(0.85)
                  ? 'done'
                  : 'dropped'
                : rng.weighted<PlanActionStatus>([
                    ['planned', 4],
                    ['in_progress', 4],
                    ['done', 3],
                  ]);
              if (s !== 'planned') {
                a.status = s;
                step('action_updated', later(rng, agreed, 1, 20, stop), assignee, {
                  goalId: g.id,
                  actionId: a.id,
                  changes: { status: { from: 'planned', to: s } },
                });
              }
            }
            if (done || (gi === 0 && rng.chance(0.2))) {
              g.outcome = done
                ? gi === 0
                  ? 'achieved'
                  : rng.pick(['achieved', 'partly_achieved', 'no_longer_relevant'] as const)
                : 'partly_achieved';
              g.outcomeNote = rng.chance(0.6) ? rng.pick(OUTCOME_NOTES)[lang] : null;
              step('goal_updated', later(rng, agreed, 5, 30, stop), assignee, {
                goalId: g.id,
                changes: { outcome: { from: null, to: g.outcome } },
              });
            }
          });
          if (done) {
            const last = Math.max(...events.map((e) => e.at));
            const completed = Math.min(stop - 60_000, workTime(rng, stop - rng.between(0, 2) * DAY, last, stop));
            plan.completedBy = assignee.id;
            plan.completedAt = completed;
            step('completed', completed, assignee, { from: 'agreed', to: 'completed' });
          }
        }
      }
    }
    if (status === 'cancelled') {
      const last = Math.max(...events.map((e) => e.at));
      const cancelled = Math.min(stop - 60_000, workTime(rng, stop - rng.between(0, 1) * DAY, last, stop));
      const from = plan.agreedOn ? 'agreed' : 'draft';
      plan.cancelledBy = assignee.id;
      plan.cancelledAt = cancelled;
      plan.cancelReason = lang === 0 ? 'The case was closed.' : 'Le dossier a été clôturé.';
      step('cancelled', cancelled, assignee, { from, to: 'cancelled', reason: plan.cancelReason });
    }
    // Events sort by time; anything dated after `stop` by the draws above is pulled back to it.
    for (const e of events) e.at = Math.min(e.at, stop);
    events.sort((a, b) => a.at - b.at);
    plan.updatedAt = Math.max(plan.updatedAt, ...events.map((e) => e.at));
    out.plans.push(plan);
    out.planEvents.push(...events);
  });
  return out;
}
