import { Module } from '@nestjs/common';
import { CaseNotesController } from './case-notes.controller.js';
import { CaseNotesService } from './case-notes.service.js';

@Module({ controllers: [CaseNotesController], providers: [CaseNotesService] })
export class CaseNotesModule {}
