/** A development account: the demo people of docs/domain.md ("Demo data"). */
export interface DemoAccount {
  sub: string;
  role: string;
  description: string;
}

export const DEMO_PROFESSIONALS: readonly DemoAccount[] = [
  { sub: 'u-regisseur-1', role: 'regisseur', description: 'regisseur bij de gemeente, regie op H-0001' },
  { sub: 'u-regisseur-2', role: 'regisseur', description: 'regisseur bij de gemeente, andere huishoudens' },
  { sub: 'u-schuld-1', role: 'schuldhulpverlener', description: 'schuldhulpverlener' },
  { sub: 'u-wonen-1', role: 'woonconsulent', description: 'woonconsulent bij de woningcorporatie' },
  { sub: 'u-jeugd-1', role: 'jeugdbeschermer', description: 'jeugdbeschermer' },
  { sub: 'u-vt-1', role: 'veiligthuis-medewerker', description: 'medewerker van Veilig Thuis' },
  { sub: 'u-privacy-1', role: 'privacy-officer', description: 'privacy-officer (toezicht)' },
  { sub: 'u-vroeg-1', role: 'vroegsignaleerder', description: 'vroegsignalering van schulden bij de gemeente' },
];

export const DEMO_CITIZENS: readonly DemoAccount[] = [
  { sub: 'P-0001', role: 'burger', description: 'inwoner, moeder in huishouden H-0001' },
  { sub: 'P-0002', role: 'burger', description: 'inwoner, kind in huishouden H-0001' },
  { sub: 'P-0003', role: 'burger', description: 'inwoner, kind in huishouden H-0001' },
];
