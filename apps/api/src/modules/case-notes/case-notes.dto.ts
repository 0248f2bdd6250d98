import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { NOTE_VISIBILITIES, type NoteVisibility } from '@casework/contracts';
import { IsNotBlank } from '../../common/validation.js';
import { NOTE_MAX_LENGTH } from './note-access.js';

export class CreateCaseNoteDto {
  @ApiProperty()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;

  @ApiProperty({ minLength: 1, maxLength: NOTE_MAX_LENGTH, description: 'Personal data: never logged or audited' })
  @IsString()
  @IsNotBlank()
  @MaxLength(NOTE_MAX_LENGTH)
  body: string;

  @ApiProperty({
    enum: NOTE_VISIBILITIES,
    description:
      "case_team: everyone who may read the case; restricted: the author, the case's assigned counsellor or specialist and the office's supervisors",
  })
  @IsIn(NOTE_VISIBILITIES, { message: `visibility must be one of: ${NOTE_VISIBILITIES.join(', ')}` })
  visibility: NoteVisibility;
}
