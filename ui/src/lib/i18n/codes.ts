// Danish and English text for every error and notice code. A code without text fails type-check.
import type { Code } from '../generated/codes';

export type Severity = 'error' | 'warning' | 'info';
export type CodeText = { severity: Severity; da: string; en: string };

export const CODE_TEXT: Record<Code, CodeText> = {
  internal: { severity: 'error', da: 'Der skete en uventet fejl. Prøv igen, og kontakt IT hvis det sker igen.', en: 'An unexpected error occurred. Try again and contact IT if it happens again.' },
  config_invalid: { severity: 'error', da: 'Konfigurationen er ugyldig. Kontakt IT.', en: 'The configuration is invalid. Contact IT.' },
  config_unreadable: { severity: 'error', da: 'Konfigurationsfilen kan ikke læses. Kontakt IT.', en: 'The configuration file cannot be read. Contact IT.' },
  production_config_incomplete: { severity: 'error', da: 'Konfigurationen mangler oplysninger til drift. Kontakt IT.', en: 'The configuration lacks settings required in production. Contact IT.' },
  data_dir_unwritable: { severity: 'error', da: 'Skranke kan ikke skrive i sin datamappe. Kontakt IT.', en: 'Skranke cannot write to its data folder. Contact IT.' },
  not_signed_in: { severity: 'warning', da: 'Du er ikke logget ind.', en: 'You are not signed in.' },
  not_allowed: { severity: 'warning', da: 'Din rolle giver ikke adgang til dette.', en: 'Your role does not allow this.' },
  not_available: { severity: 'info', da: 'Funktionen er ikke tilgængelig endnu.', en: 'This feature is not available yet.' },
  cpr_empty: { severity: 'warning', da: 'Indtast et CPR-nummer.', en: 'Enter a CPR number.' },
  cpr_invalid_characters: { severity: 'warning', da: 'CPR-nummeret må kun indeholde tal og én bindestreg.', en: 'The CPR number may contain only digits and one hyphen.' },
  cpr_wrong_length: { severity: 'warning', da: 'Et CPR-nummer har 10 cifre.', en: 'A CPR number has 10 digits.' },
  cpr_impossible_date: { severity: 'warning', da: 'De første seks cifre er ikke en gyldig dato.', en: 'The first six digits are not a valid date.' },
  cpr_not_yet_issued: { severity: 'warning', da: 'CPR-nummeret ligger i en serie, der ikke er udstedt endnu.', en: 'The CPR number is in a range not issued yet.' },
  cpr_mod11_failed: { severity: 'info', da: 'Nummeret opfylder ikke modulus 11-kontrollen. Det er normalt for numre udstedt efter 2007.', en: 'The number fails the modulus 11 check, which is normal for numbers issued after 2007.' },
  cpr_service_unavailable: { severity: 'error', da: 'CPR-registret kan ikke nås lige nu.', en: 'The CPR register cannot be reached right now.' },
  cpr_service_timeout: { severity: 'error', da: 'CPR-registret svarede ikke i tide.', en: 'The CPR register did not answer in time.' },
  cpr_not_found: { severity: 'error', da: 'CPR-nummeret findes ikke i CPR-registret.', en: 'The CPR number does not exist in the CPR register.' },
  cpr_soap_fault: { severity: 'error', da: 'CPR-registret returnerede en fejl. Prøv igen.', en: 'The CPR register returned an error. Try again.' },
  cpr_malformed_response: { severity: 'error', da: 'Svaret fra CPR-registret kunne ikke læses. Kontakt IT.', en: 'The CPR register\'s answer could not be read. Contact IT.' },
  cpr_client_certificate_rejected: { severity: 'error', da: 'CPR-registret afviste kommunens certifikat. Kontakt IT.', en: 'The CPR register rejected the municipality\'s certificate. Contact IT.' },
  cpr_server_untrusted: { severity: 'error', da: 'CPR-registrets certifikat kunne ikke verificeres. Kontakt IT.', en: 'The CPR register\'s certificate could not be verified. Contact IT.' },
  certificate_unreadable: { severity: 'error', da: 'Kommunens certifikat eller nøgle kan ikke læses. Kontakt IT.', en: 'The municipality\'s certificate or key cannot be read. Contact IT.' },
  certificate_expired: { severity: 'error', da: 'Kommunens certifikat er udløbet. Kontakt IT.', en: 'The municipality\'s certificate has expired. Contact IT.' },
  cpr_person_dead: { severity: 'error', da: 'Personen er registreret som død. Sagen kan ikke fortsætte.', en: 'The person is registered as dead. The case cannot continue.' },
  cpr_person_inactive: { severity: 'error', da: 'Personen er ikke aktiv i CPR (annulleret, slettet, forsvundet eller udrejst). Kontakt en supervisor.', en: 'The person is not active in CPR (annulled, deleted, disappeared or emigrated). Contact a supervisor.' },
  cpr_number_changed: { severity: 'warning', da: 'Personen har fået nyt CPR-nummer. Sagen fortsætter med det nye nummer.', en: 'The person has a new CPR number. The case continues with the new number.' },
  cpr_no_residence: { severity: 'warning', da: 'Personen har ingen registreret bopæl.', en: 'The person has no registered residence.' },
  cpr_protected_address: { severity: 'warning', da: 'Personen har adressebeskyttelse. Adressen vises ikke.', en: 'The person has a protected address. The address is not shown.' },
  cpr_guardianship: { severity: 'warning', da: 'Personen er under værgemål.', en: 'The person is under guardianship.' },
  cpr_unverified: { severity: 'warning', da: 'CPR ikke verificeret. Nummeret slås op igen før afsendelse.', en: 'CPR not verified. The number is looked up again before sending.' },
  case_ref_invalid: { severity: 'warning', da: 'Sagsnummeret har ikke det forventede format.', en: 'The case reference does not have the expected format.' },
  store_disk_full: { severity: 'error', da: 'Disken er fuld. Intet allerede gemt er gået tabt. Kontakt IT.', en: 'The disk is full. Nothing already stored was lost. Contact IT.' },
  store_unavailable: { severity: 'error', da: 'Skranke kan ikke bruge sin lokale database. Kontakt IT.', en: 'Skranke cannot use its local database. Contact IT.' },
  store_corrupt: { severity: 'error', da: 'Skrankes lokale database er beskadiget. Kontakt IT.', en: 'Skranke\'s local database is damaged. Contact IT.' },
  no_open_case: { severity: 'warning', da: 'Der er ingen åben sag.', en: 'No case is open.' },
};
