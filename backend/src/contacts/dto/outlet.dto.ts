import { OUTLET_TIERS, type CreateOutletRequest, type OutletTier, type UpdateOutletRequest } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { DOMAIN, DOMAIN_MESSAGE, domainList, trim, trimToNull } from './contact-fields.js';

const present = (_: object, value: unknown) => value !== undefined && value !== null;

export class CreateOutletDto implements CreateOutletRequest {
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name: string;

  /** Lower-cased and de-duplicated; `@example.com` and `Example.COM.` are accepted as `example.com`. */
  @IsOptional()
  @Transform(domainList)
  @IsArray({ message: 'domains must be a list' })
  @ArrayMaxSize(50, { message: 'an outlet can have at most 50 domains' })
  @Matches(DOMAIN, { each: true, message: DOMAIN_MESSAGE })
  domains?: string[];

  @ValidateIf(present)
  @IsIn(OUTLET_TIERS, { message: `tier must be one of: ${OUTLET_TIERS.join(', ')}, or null` })
  tier?: OutletTier | null;

  @Transform(trimToNull)
  @ValidateIf(present)
  @IsString({ message: 'notes must be text' })
  @MaxLength(5000, { message: 'notes must be at most 5000 characters' })
  notes?: string | null;
}

/** Every field optional; `null` clears `tier` and `notes`. */
export class UpdateOutletDto implements UpdateOutletRequest {
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string;

  @IsOptional()
  @Transform(domainList)
  @IsArray({ message: 'domains must be a list' })
  @ArrayMaxSize(50, { message: 'an outlet can have at most 50 domains' })
  @Matches(DOMAIN, { each: true, message: DOMAIN_MESSAGE })
  domains?: string[];

  @ValidateIf(present)
  @IsIn(OUTLET_TIERS, { message: `tier must be one of: ${OUTLET_TIERS.join(', ')}, or null` })
  tier?: OutletTier | null;

  @Transform(trimToNull)
  @ValidateIf(present)
  @IsString({ message: 'notes must be text' })
  @MaxLength(5000, { message: 'notes must be at most 5000 characters' })
  notes?: string | null;
}
