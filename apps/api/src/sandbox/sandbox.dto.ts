import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { SandboxCreated } from '@apex/contracts';
import type { OpenAiExportLoaded } from '@apex/sandbox';

export class SandboxUploadQuery {
  @ApiProperty({ description: 'The file name, shown with the results and in every error report', example: 'focus-2025-01.csv', minLength: 1, maxLength: 255 })
  @IsString()
  @Length(1, 255)
  fileName!: string;
}

/** SandboxCreated, whose `file` is what an OpenAI usage export loaded when that was the upload. */
export type SandboxCreatedAnswer = Omit<SandboxCreated, 'file'> & { file: SandboxCreated['file'] | OpenAiExportLoaded };
