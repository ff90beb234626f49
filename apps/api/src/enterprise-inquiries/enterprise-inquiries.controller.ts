import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EnterpriseInquiryAccepted, EnterpriseInquiryView } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';
import { CreateEnterpriseInquiryDto } from './create-enterprise-inquiry.dto';
import { EnterpriseInquiryStarter } from './enterprise-inquiry.starter';
import { Public } from '../auth/public.decorator';

const INQUIRY_ID = /^inq_[0-9a-f]{24}$/;
const STATUS_TOKEN = /^[A-Za-z0-9_-]{43}$/;

@Public()
@ApiTags('enterprise')
@Controller('enterprise-inquiries')
export class EnterpriseInquiriesController {
  constructor(private readonly starter: EnterpriseInquiryStarter) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for Enterprise terms; an identical request starts nothing new and gets no status token' })
  @ApiAcceptedResponse({ description: 'A new inquiry was started; `statusToken` reads its status' })
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
  @ApiOperation({ summary: 'Where an inquiry stands (received or acknowledged), for the holder of its status token' })
  @ApiHeader({ name: 'X-Inquiry-Token', required: true, description: 'The statusToken from creating the inquiry, or from the link in its email' })
  async get(@Param('id') id: string, @Headers('x-inquiry-token') token: string | undefined): Promise<EnterpriseInquiryView> {
    const view = INQUIRY_ID.test(id) && token && STATUS_TOKEN.test(token) ? await this.starter.view(id, token) : null;
    if (!view) {
      // One answer for an unknown id and a missing or wrong token, so neither can be probed.
      throw new ProblemException({
        type: ProblemType.notFound,
        title: 'No such inquiry',
        status: 404,
        detail: `No Enterprise inquiry has the id ${id} with that status token. Use the link in the acknowledgement email.`,
      });
    }
    return view;
  }
}
