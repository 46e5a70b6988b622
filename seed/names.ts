/** Vocabulary for plausible synthetic Dutch households. Invented people; any likeness is chance. */
export const FIRST_NAMES = [
  'Anouk', 'Bram', 'Chaima', 'Daan', 'Emma', 'Fatima', 'Gijs', 'Hanna', 'Ilias', 'Jasmijn',
  'Kevin', 'Lotte', 'Mohammed', 'Noor', 'Omar', 'Priya', 'Quinten', 'Rosa', 'Sem', 'Tess',
  'Umut', 'Vera', 'Wouter', 'Yara', 'Zeynep', 'Luuk', 'Mila', 'Jayden', 'Sanne', 'Rachid',
] as const;

export const SURNAMES = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer',
  'de Boer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks', 'El Amrani', 'Yilmaz', 'Kaya',
  'Doğan', 'Pinas', 'Sitaram', 'Nguyen', 'Kok', 'Dekker', 'van Leeuwen', 'Willems',
] as const;

export const STREETS = [
  'Kerkstraat', 'Schoolstraat', 'Dorpsstraat', 'Molenweg', 'Julianastraat', 'Beatrixlaan',
  'Wilhelminastraat', 'Nieuwstraat', 'Parallelweg', 'Stationsweg', 'Lindelaan', 'Eikenlaan',
] as const;

export const CITIES = [
  ['Den Haag', '25'], ['Rotterdam', '30'], ['Utrecht', '35'], ['Zwolle', '80'],
  ['Groningen', '97'], ['Eindhoven', '56'], ['Arnhem', '68'], ['Leeuwarden', '89'],
] as const;
