import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('regions')
export class Region {
  @PrimaryGeneratedColumn({ type: 'smallint' })
  id: number;

  /** County code with its leading zero, e.g. "03". */
  @Column({ type: 'char', length: 2, unique: true })
  code: string;

  @Column({ type: 'text', unique: true })
  letter: string;

  @Column({ type: 'text', unique: true })
  name: string;

  /** Landsting names used until 2017–2019; imports match on them too. */
  @Column({ name: 'former_names', type: 'text', array: true, default: '{}' })
  formerNames: string[];

  @Column({ type: 'text' })
  seat: string;

  @Column({ name: 'in_kultursamverkansmodellen', type: 'boolean' })
  inKultursamverkansmodellen: boolean;
}
