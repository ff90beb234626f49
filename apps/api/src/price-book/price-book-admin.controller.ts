import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PriceBookDiff, PriceBookVersionDetail, PriceBookVersionView, Principal } from '@apex/contracts';
import { PriceBook, PriceFileError, UnknownPriceBookVersionError } from '@apex/pricing';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { OperatorOnly } from '../auth/operator-only.decorator';
import { rejectUnknownFields } from '../runs/reject-unknown-fields';
import { ImportPriceBookDto } from './price-book.dto';
import { priceBookVersionNotFound, priceFileInvalid } from './price-book-problems';

const versionParam = new ParseIntPipe({ exceptionFactory: () => priceBookVersionNotFound('with that number') });

async function orProblem<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UnknownPriceBookVersionError) throw priceBookVersionNotFound(error.version);
    if (error instanceof PriceFileError) throw priceFileInvalid(error);
    throw error;
  }
}

@OperatorOnly()
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/price-book/versions')
export class PriceBookAdminController {
  constructor(private readonly priceBook: PriceBook) {}

  @Get()
  @ApiOperation({ summary: 'Every price-book version, newest first: which is active, its sources and what its import decided' })
  versions(): Promise<PriceBookVersionView[]> {
    return this.priceBook.versions();
  }

  @Post()
  @ApiOperation({ summary: 'Import the two public price files as a new version (a draft unless `activate`); a refused file changes nothing' })
  async import(@Body() body: ImportPriceBookDto, @CurrentPrincipal() operator: Principal): Promise<PriceBookVersionDetail> {
    const files = { litellm: Buffer.from(body.litellm, 'utf8'), genaiPrices: Buffer.from(body.genaiPrices, 'utf8') };
    const version = await orProblem(this.priceBook.importVersion(files, operator.userId, body.activate ?? false));
    return this.priceBook.detail(version);
  }

  @Get(':version')
  @ApiOperation({ summary: 'A version with its quarantined entries, the conflicts between the files and its rules' })
  detail(@Param('version', versionParam) version: number): Promise<PriceBookVersionDetail> {
    return orProblem(this.priceBook.detail(version));
  }

  @Get(':version/diff')
  @ApiOperation({ summary: 'What activating this version would change against the active one' })
  diff(@Param('version', versionParam) version: number): Promise<PriceBookDiff> {
    return orProblem(this.priceBook.diff(version));
  }

  @Post(':version/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make this version the one new runs price with; the active one retires' })
  async activate(@Param('version', versionParam) version: number, @Body() body: unknown, @CurrentPrincipal() operator: Principal): Promise<PriceBookVersionDetail> {
    rejectUnknownFields(body);
    await orProblem(this.priceBook.activate(version, operator.userId));
    return this.priceBook.detail(version);
  }
}
