import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'enterprise_inquiries' })
export class EnterpriseInquiry {
  /** Random: `inq_` and 24 hex digits. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** Derived from the inquiry's normalised content, so an identical request finds this row. */
  @Column({ type: 'text', unique: true })
  fingerprint!: string;

  /** SHA-256 of the token that reads the inquiry's status; null for inquiries made before tokens. */
  @Column({ name: 'status_token_hash', type: 'bytea', nullable: true, select: false })
  statusTokenHash!: Buffer | null;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  company!: string;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;
}
