import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { InterventionPlansService } from './intervention-plans.service.js';
import { planDocument } from './plan-document.js';
import { renderPlanPdf } from './plan-pdf.js';

export interface RenderedDocument {
  /** Carries the case reference, never the person's name. */
  filename: string;
  pdf: Buffer;
}

/**
 * The jobseeker's copy of an agreed (or completed) plan as a PDF in their language. It holds
 * personal data: each read is audited, and the response is never cached.
 */
@Injectable()
export class PlanDocumentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(InterventionPlansService) private readonly plans: InterventionPlansService,
  ) {}

  async render(id: string, grant: Grant): Promise<RenderedDocument> {
    const plan = await this.plans.get(id, grant);
    if ((plan.status !== 'agreed' && plan.status !== 'completed') || !plan.agreedOn || !plan.agreementMethod) {
      throw new AppException(409, 'PLAN_NOT_AGREED', 'The jobseeker’s copy exists once the plan is agreed', [
        { field: 'status', rule: 'agreed', message: `the plan is ${plan.status}` },
      ]);
    }
    const [context] = await this.dataSource.query(
      `SELECT j.preferred_language, o.name AS office_name, o.language AS office_language, u.full_name AS contact_name, u.email AS contact_email
         FROM cases c JOIN jobseekers j ON j.id = c.jobseeker_id JOIN offices o ON o.id = c.office_id
         LEFT JOIN users u ON u.id = c.assigned_to AND u.active
        WHERE c.id = $1`,
      [plan.caseId],
    );
    const document = planDocument({
      preferredLanguage: context.preferred_language,
      officeLanguage: context.office_language,
      jobseekerName: plan.jobseekerName,
      caseReference: plan.caseReference,
      officeName: context.office_name,
      contactName: context.contact_name,
      contactEmail: context.contact_email,
      agreedOn: plan.agreedOn,
      agreementMethod: plan.agreementMethod,
      nextReviewDate: plan.nextReviewDate,
      goals: plan.goals ?? [],
    });
    const pdf = await renderPlanPdf(document);
    await this.audit.record({
      action: 'intervention_plans.document',
      entity: 'intervention_plans',
      entityId: id,
      changes: { caseId: plan.caseId, status: plan.status, language: document.language, bytes: pdf.length },
    });
    return { filename: `plan-${plan.caseReference}.pdf`, pdf };
  }
}
