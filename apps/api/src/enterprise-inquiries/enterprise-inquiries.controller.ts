import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EnterpriseInquiryAccepted, EnterpriseInquiryView } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';
import { CreateEnterpriseInquiryDto } from './create-enterprise-inquiry.dto';
import { EnterpriseInquiryStarter } from './enterprise-inquiry.starter';
import { Public } from '../auth/public.decorator';

const INQUIRY_ID = /^inq_[0-9a-f]{24}$/;

@Public()
@ApiTags('enterprise')
@Controller('enterprise-inquiries')
export class EnterpriseInquiriesController {
  constructor(private readonly starter: EnterpriseInquiryStarter) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for Enterprise terms; an identical request starts nothing new' })
  @ApiAcceptedResponse({ description: 'A new inquiry was started' })
  @ApiOkResponse({ description: 'An identical inquiry is already on record' })
  async create(
    @Body() body: CreateEnterpriseInquiryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EnterpriseInquiryAccepted> {
    const accepted = await this.starter.start(body);
    res.status(accepted.started ? 202 : 200).location(`/api/v1/enterprise-inquiries/${accepted.id}`);
    return accepted;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Where an inquiry stands: processing, received or acknowledged' })
  async get(@Param('id') id: string): Promise<EnterpriseInquiryView> {
    const view = INQUIRY_ID.test(id) ? await this.starter.view(id) : null;
    if (!view) {
      throw new ProblemException({ type: ProblemType.notFound, title: 'No such inquiry', status: 404, detail: `No Enterprise inquiry has the id ${id}.` });
    }
    return view;
  }
}
