// The Diagnose page's words (IT): per check id (CheckId, generated from Rust) a title, one sentence
// when it is fine, what is wrong in plain words for an IT administrator, and what to do; then the
// page's own strings. Danish first, English in the same shape. `Record<CheckId, …>` makes the
// compiler refuse a check id without text; CHECK_IDS lists the ids at run time for the tests.
import type { CheckId } from '../generated/ipc';
import { i18n } from './index.svelte';
import type { Lang } from './strings';

/** One check in words. */
export type CheckExplanation = {
  /** The row's heading ("Diskplads"). */
  title: string;
  /** One sentence when the check is fine. */
  ok: string;
  /** What is wrong (warning or failure), in plain words for IT. */
  problem: string;
  /** What to do about it, concretely. */
  fix: string;
};

/** Every check id, in the page's order (crates/skranke-api/src/diagnostics/check.rs `CheckId::ALL`). */
export const CHECK_IDS = [
  'config', 'production', 'config_warnings', 'data_dir', 'disk_space', 'cameras', 'signature_pads', 'services', 'key_store',
  'audit_witness', 'cpr_certificate', 'cpr_service', 'gateway_certificate', 'gateway', 'clock_skew', 'identity_provider', 'sign_in_lockout',
  'os_lock', 'queue',
] as const satisfies readonly CheckId[];

// A CheckId missing from CHECK_IDS fails type-check here.
type Missing = Exclude<CheckId, (typeof CHECK_IDS)[number]>;
const _everyId: [Missing] extends [never] ? true : Missing = true;
void _everyId;

/** The checks in words, per language. */
export const DIAGNOSE_TEXT: Record<Lang, Record<CheckId, CheckExplanation>> = {
  da: {
    config: {
      title: 'Konfiguration',
      ok: 'Konfigurationen er læst og er gyldig.',
      problem: 'Konfigurationsfilen kan ikke læses eller er ugyldig, så Skranke kan ikke bruge den.',
      fix: 'Ret fejlen i config.toml (den tekniske detalje nævner nøgle og linje), og kontrollér filen med skranke config check.',
    },
    production: {
      title: 'Driftsindstillinger',
      ok: 'Alt, hvad drift kræver, er udfyldt.',
      problem: 'Konfigurationen mangler indstillinger, som drift kræver (fx certifikater, adresser eller kommunekode).',
      fix: 'Udfyld de nøgler, den tekniske detalje nævner, i config.toml, og kontrollér filen med skranke config check.',
    },
    config_warnings: {
      title: 'Risikable indstillinger',
      ok: 'Ingen indstillinger er risikable.',
      problem: 'Indstillingerne er gyldige, men nogle er risikable (fx en nøglefil i drift, pen-data i pakkerne eller kort opbevaring).',
      fix: 'Gennemgå de nævnte nøgler i config.toml (se docs/config.md), og ret dem, med mindre valget er bevidst.',
    },
    data_dir: {
      title: 'Datamappe',
      ok: 'Datamappen findes, og Skranke kan skrive i den.',
      problem: 'Skranke kan ikke skrive i sin datamappe, så optagelser, revisionsspor og log kan ikke gemmes.',
      fix: 'Giv brugeren skriveadgang til mappen, eller sæt data_dir i config.toml til en mappe, brugeren kan skrive i.',
    },
    disk_space: {
      title: 'Diskplads',
      ok: 'Der er plads nok på drevet med datamappen.',
      problem: 'Der er kun lidt plads tilbage på drevet med datamappen; under 256 MB kan nye optagelser blive afvist.',
      fix: 'Frigør plads på drevet (mindst 2 GB), eller flyt data_dir i config.toml til et drev med mere plads.',
    },
    cameras: {
      title: 'Kameraer',
      ok: 'Kameraet er fundet (eller et afspillet kamera er valgt).',
      problem: 'Der er ikke fundet noget kamera, eller kameraerne kunne ikke listes.',
      fix: 'Tilslut kameraet, tjek at driveren er installeret, og at camera.source i config.toml peger på det rigtige kamera.',
    },
    signature_pads: {
      title: 'Underskriftsblokke',
      ok: 'Underskriftsblokken er fundet, eller konfigurationen kræver ingen.',
      problem: 'Der er ikke fundet nogen underskriftsblok, så borgerne skriver under på skærmen.',
      fix: 'Tilslut blokken (og tjek USB-rettighederne), eller sæt signature.pad = "canvas", hvis der skal skrives på skærmen.',
    },
    services: {
      title: 'Opstart',
      ok: 'Skranke kunne starte, så certifikater og tjenester er kontrolleret.',
      problem: 'Skranke kunne ikke starte, så certifikater, tjenester og udbakke blev ikke kontrolleret.',
      fix: 'Ret den fejl, den tekniske detalje nævner, og kør kontrollen igen.',
    },
    key_store: {
      title: 'Nøglelager',
      ok: 'Udbakkens hovednøgle er fundet og indlæst.',
      problem: 'Udbakkens hovednøgle kan ikke indlæses, eller den passer ikke til udbakken.',
      fix: 'Tjek security.keystore og security.key_dir i config.toml, og at brugeren har adgang til nøglen. Slet eller erstat aldrig nøglen uden at kontakte leverandøren.',
    },
    audit_witness: {
      title: 'Revisionsvidne',
      ok: 'Revisionsvidnet svarer og har registreret alle poster i revisionssporet (eller bruges ikke i demotilstand).',
      problem: 'Revisionsvidnet er ikke sat op, kan ikke nås eller har registreret en anden post end den, der ligger i revisionssporet.',
      fix: 'Installér og start tjenesten skranke-audit-witness, og sæt security.audit_witness_socket i config.toml. Nævner detaljen en post, så kør skranke audit verify.',
    },
    cpr_certificate: {
      title: 'CPR-certifikat',
      ok: 'Klientcertifikatet til CPR-tjenesten er gyldigt.',
      problem: 'Klientcertifikatet til CPR-tjenesten mangler, kan ikke læses, udløber snart eller er udløbet.',
      fix: 'Forny certifikatet (OCES3), og ret cpr.tls.client_cert (og client_key) i config.toml.',
    },
    cpr_service: {
      title: 'CPR-tjenesten',
      ok: 'CPR-tjenesten svarer over TLS.',
      problem: 'CPR-tjenesten kan ikke nås over TLS, eller dens servercertifikat udløber snart.',
      fix: 'Åbn firewallen til adressen i cpr.endpoint, og tjek at cpr.tls.ca_cert er den CA, tjenesten bruger.',
    },
    gateway_certificate: {
      title: 'Gateway-certifikat',
      ok: 'Klientcertifikatet til gatewayen er gyldigt.',
      problem: 'Klientcertifikatet til gatewayen mangler, kan ikke læses, udløber snart eller er udløbet. Uden det kan optagelser ikke sendes.',
      fix: 'Forny certifikatet, og ret gateway.tls.client_cert (og client_key) i config.toml.',
    },
    gateway: {
      title: 'Gateway',
      ok: 'Gatewayen svarer og godkender klientcertifikatet.',
      problem: 'Gatewayen kan ikke nås, afviser klientcertifikatet, eller dens servercertifikat udløber snart. Optagelser venter i udbakken imens.',
      fix: 'Åbn firewallen til adressen i gateway.endpoint, tjek gateway.tls.ca_cert, og at gatewayen kender klientcertifikatet.',
    },
    clock_skew: {
      title: 'Ur',
      ok: "Pc'ens ur passer med gatewayens.",
      problem: "Pc'ens ur går forkert i forhold til gatewayen. Over 5 minutter afvises login, og certifikater bedømmes mod forkert tid.",
      fix: 'Synkronisér uret (w32tm /resync på Windows, timedatectl på Linux), og tjek at pc\'en henter tid fra domænet.',
    },
    identity_provider: {
      title: 'Login-udbyder',
      ok: 'Kommunens login-udbyder svarer.',
      problem: 'Kommunens login-udbyder svarer ikke (OpenID Connect discovery), så ingen kan logge ind.',
      fix: 'Tjek auth.issuer i config.toml, og at firewallen tillader forbindelse til udbyderen.',
    },
    sign_in_lockout: {
      title: 'Login-spærring',
      ok: 'Login er åbent.',
      problem: 'Login på denne pc er spærret efter for mange mislykkede forsøg.',
      fix: 'Vent til spærringen udløber (tidspunktet står i den tekniske detalje), og find ud af, hvem der forsøgte at logge ind.',
    },
    os_lock: {
      title: 'Skærmlås',
      ok: 'Styresystemet giver besked, når sessionen låses, eller pc\'en går i dvale.',
      problem: 'Skranke får ikke besked, når sessionen låses eller pc\'en går i dvale. Skranke låser stadig selv efter inaktivitet.',
      fix: 'På Linux: tjek at D-Bus og systemd-logind kører for brugerens session. På Windows: kontakt leverandøren med supportpakken.',
    },
    queue: {
      title: 'Udbakke',
      ok: 'Udbakken sender, som den skal.',
      problem: 'Der er optagelser i udbakken, som er opgivet eller har ventet over en time.',
      fix: 'Se Udbakke for årsagen, og ret forbindelsen til gatewayen; opgivne optagelser skal tages om.',
    },
  },
  en: {
    config: {
      title: 'Configuration',
      ok: 'The configuration was read and is valid.',
      problem: 'The configuration file cannot be read or is invalid, so Skranke cannot use it.',
      fix: 'Correct config.toml (the technical detail names the key and line) and check it with skranke config check.',
    },
    production: {
      title: 'Production settings',
      ok: 'Everything production needs is set.',
      problem: 'The configuration lacks settings production needs (e.g. certificates, addresses or the municipality code).',
      fix: 'Fill in the keys the technical detail names in config.toml and check it with skranke config check.',
    },
    config_warnings: {
      title: 'Risky settings',
      ok: 'No setting is risky.',
      problem: 'The settings are valid, but some are risky (e.g. a key file in production, pen data in bundles or a short retention).',
      fix: 'Review the keys named in config.toml (see docs/config.md) and change them unless the choice is deliberate.',
    },
    data_dir: {
      title: 'Data folder',
      ok: 'The data folder exists and Skranke can write to it.',
      problem: 'Skranke cannot write to its data folder, so captures, the audit trail and logs cannot be saved.',
      fix: 'Give the user write access to the folder, or set data_dir in config.toml to a folder the user can write to.',
    },
    disk_space: {
      title: 'Disk space',
      ok: 'There is enough space on the data folder\'s drive.',
      problem: 'Little space is left on the data folder\'s drive; below 256 MB new captures may be refused.',
      fix: 'Free space on the drive (at least 2 GB), or move data_dir in config.toml to a drive with more space.',
    },
    cameras: {
      title: 'Cameras',
      ok: 'The camera was found (or a replayed camera is chosen).',
      problem: 'No camera was found, or the cameras could not be listed.',
      fix: 'Connect the camera, check that its driver is installed and that camera.source in config.toml names the right camera.',
    },
    signature_pads: {
      title: 'Signature pads',
      ok: 'The signature pad was found, or the configuration needs none.',
      problem: 'No signature pad was found, so citizens sign on the screen.',
      fix: 'Connect the pad (and check the USB permissions), or set signature.pad = "canvas" if signing on the screen is intended.',
    },
    services: {
      title: 'Start-up',
      ok: 'Skranke could start, so certificates and services were checked.',
      problem: 'Skranke could not start, so certificates, services and the outbox were not checked.',
      fix: 'Correct the error the technical detail names and run the checks again.',
    },
    key_store: {
      title: 'Key store',
      ok: 'The outbox master key was found and loaded.',
      problem: 'The outbox master key cannot be loaded, or it does not match the outbox.',
      fix: 'Check security.keystore and security.key_dir in config.toml and that the user can read the key. Never delete or replace the key without contacting the supplier.',
    },
    audit_witness: {
      title: 'Audit witness',
      ok: 'The audit witness answers and has recorded every entry of the audit trail (or is not used in demo mode).',
      problem: 'The audit witness is not set up, cannot be reached, or recorded another entry than the one in the audit trail.',
      fix: 'Install and start the skranke-audit-witness service and set security.audit_witness_socket in config.toml. If the detail names an entry, run skranke audit verify.',
    },
    cpr_certificate: {
      title: 'CPR certificate',
      ok: 'The client certificate for the CPR service is valid.',
      problem: 'The client certificate for the CPR service is missing, unreadable, expires soon or has expired.',
      fix: 'Renew the certificate (OCES3) and correct cpr.tls.client_cert (and client_key) in config.toml.',
    },
    cpr_service: {
      title: 'CPR service',
      ok: 'The CPR service answers over TLS.',
      problem: 'The CPR service cannot be reached over TLS, or its server certificate expires soon.',
      fix: 'Open the firewall to the address in cpr.endpoint and check that cpr.tls.ca_cert is the CA the service uses.',
    },
    gateway_certificate: {
      title: 'Gateway certificate',
      ok: 'The client certificate for the gateway is valid.',
      problem: 'The client certificate for the gateway is missing, unreadable, expires soon or has expired. Without it captures cannot be sent.',
      fix: 'Renew the certificate and correct gateway.tls.client_cert (and client_key) in config.toml.',
    },
    gateway: {
      title: 'Gateway',
      ok: 'The gateway answers and accepts the client certificate.',
      problem: 'The gateway cannot be reached, refuses the client certificate, or its server certificate expires soon. Captures wait in the outbox meanwhile.',
      fix: 'Open the firewall to the address in gateway.endpoint, check gateway.tls.ca_cert and that the gateway knows the client certificate.',
    },
    clock_skew: {
      title: 'Clock',
      ok: "This PC's clock agrees with the gateway's.",
      problem: "This PC's clock is off against the gateway. Beyond 5 minutes sign-ins are refused and certificates are judged against the wrong time.",
      fix: 'Synchronise the clock (w32tm /resync on Windows, timedatectl on Linux) and check that the PC takes its time from the domain.',
    },
    identity_provider: {
      title: 'Identity provider',
      ok: "The municipality's identity provider answers.",
      problem: "The municipality's identity provider does not answer (OpenID Connect discovery), so nobody can sign in.",
      fix: 'Check auth.issuer in config.toml and that the firewall allows connections to the provider.',
    },
    sign_in_lockout: {
      title: 'Sign-in lock-out',
      ok: 'Sign-in is open.',
      problem: 'Sign-in on this PC is locked after too many failed attempts.',
      fix: 'Wait until the lock-out ends (the technical detail gives the time) and find out who tried to sign in.',
    },
    os_lock: {
      title: 'Screen lock',
      ok: 'The operating system reports when the session locks or the PC suspends.',
      problem: 'Skranke is not told when the session locks or the PC suspends. Skranke still locks itself when idle.',
      fix: "On Linux: check that D-Bus and systemd-logind run for the user's session. On Windows: contact the supplier with the support bundle.",
    },
    queue: {
      title: 'Outbox',
      ok: 'The outbox is sending as it should.',
      problem: 'Captures in the outbox have been given up or have waited more than an hour.',
      fix: 'See Outbox for the reason and fix the connection to the gateway; captures given up must be taken again.',
    },
  },
};

/** The Diagnose page's own strings. */
export const DIAGNOSE_STRINGS = {
  da: {
    nav: 'Diagnose',
    title: 'Diagnose af denne pc',
    lead: 'De samme kontroller som skranke diagnose: konfiguration, datamappe, udstyr, certifikater, tjenester, ur, login og udbakke. Ingen borgerdata vises eller slås op.',
    running: 'Kontrollerer denne pc …',
    allOk: 'Alt er i orden',
    failure: '1 fejl',
    failures: '{count} fejl',
    warnings: '{count} advarsler',
    warning: '1 advarsel',
    and: '{a} og {b}',
    firstFailure: 'Gå til den første fejl',
    firstWarning: 'Gå til den første advarsel',
    version: 'Version',
    source: 'Konfiguration',
    sourceFile: 'Filen {path}',
    sourceDemo: 'Indbyggede demo-indstillinger (ingen fil i {path})',
    sourceNone: 'Kunne ikke læses',
    checksTitle: 'Kontroller',
    status_ok: 'OK',
    status_warn: 'Advarsel',
    status_fail: 'Fejl',
    fixLabel: 'Sådan løses det:',
    detail: 'Teknisk detalje',
    runAgain: 'Kør igen',
    bundleTitle: 'Supportpakke',
    bundleLead: 'En zip-fil til leverandøren: versioner, denne diagnose, konfigurationen uden hemmeligheder og stier til nøgler, og de nyeste logfiler. Den indeholder ingen borgerdata: databasen, nøglerne og optagelserne er aldrig med.',
    bundleSave: 'Gem supportpakke',
    bundleSaving: 'Gemmer supportpakken …',
    bundleSaved: 'Supportpakken er gemt: {path} ({size}, {files} filer)',
    failed: 'Kontrollen kunne ikke køres',
  },
  en: {
    nav: 'Diagnose',
    title: 'Diagnosis of this PC',
    lead: 'The same checks as skranke diagnose: configuration, data folder, devices, certificates, services, clock, sign-in and outbox. No citizen data is shown or looked up.',
    running: 'Checking this PC …',
    allOk: 'All is well',
    failure: '1 failure',
    failures: '{count} failures',
    warnings: '{count} warnings',
    warning: '1 warning',
    and: '{a} and {b}',
    firstFailure: 'Go to the first failure',
    firstWarning: 'Go to the first warning',
    version: 'Version',
    source: 'Configuration',
    sourceFile: 'The file {path}',
    sourceDemo: 'Built-in demo settings (no file at {path})',
    sourceNone: 'Could not be read',
    checksTitle: 'Checks',
    status_ok: 'OK',
    status_warn: 'Warning',
    status_fail: 'Failure',
    fixLabel: 'How to fix it:',
    detail: 'Technical detail',
    runAgain: 'Run again',
    bundleTitle: 'Support bundle',
    bundleLead: 'A zip file for the supplier: versions, this diagnosis, the configuration with secrets and key paths redacted, and the newest logs. It holds no citizen data: the database, the keys and the captures are never included.',
    bundleSave: 'Save support bundle',
    bundleSaving: 'Saving the support bundle …',
    bundleSaved: 'The support bundle is saved: {path} ({size}, {files} files)',
    failed: 'The checks could not run',
  },
} as const;

/** A key of the page's strings. */
export type DiagnoseKey = keyof (typeof DIAGNOSE_STRINGS)['da'];
// English must have exactly the Danish keys (checked by the compiler).
const _sameKeys: Record<DiagnoseKey, string> = DIAGNOSE_STRINGS.en;
void _sameKeys;

/** A page string in the current language, with `{name}` placeholders filled in. */
export function dt(key: DiagnoseKey, vars: Record<string, string | number> = {}): string {
  let s: string = DIAGNOSE_STRINGS[i18n.lang][key];
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

/** A check in words in the current language; undefined only for an id newer than this UI. */
export function checkExplanation(id: CheckId): CheckExplanation | undefined {
  return DIAGNOSE_TEXT[i18n.lang][id] as CheckExplanation | undefined;
}

/** "2 fejl og 1 advarsel" (or "Alt er i orden"): the failures and warnings counted. */
export function summaryText(failures: number, warnings: number): string {
  const parts: string[] = [];
  if (failures === 1) parts.push(dt('failure'));
  else if (failures > 1) parts.push(dt('failures', { count: failures }));
  if (warnings === 1) parts.push(dt('warning'));
  else if (warnings > 1) parts.push(dt('warnings', { count: warnings }));
  if (parts.length === 0) return dt('allOk');
  return parts.length === 1 ? parts[0] : dt('and', { a: parts[0], b: parts[1] });
}

/** A size for people: "850 kB", "1,2 MB" (Danish decimal comma) or "1.2 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1000 * 1000) return `${Math.max(1, Math.round(bytes / 1000))} kB`;
  const mb = (bytes / (1000 * 1000)).toFixed(1);
  return `${i18n.lang === 'da' ? mb.replace('.', ',') : mb} MB`;
}
