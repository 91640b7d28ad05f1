# Smoke test of the Windows installers on a throw-away Windows runner (.github/workflows/windows.yml),
# the steps of scripts/package-smoke.sh: silent MSI install with CONFIGFILE, skranke.exe --version,
# config check, diagnose --json, an outbox and its key, the audit witness service (its account, the
# ACL of its folder, diagnose finding it), upgrade to a higher version, uninstall; then the NSIS
# installer with /CONFIGFILE=. Needs an elevated PowerShell (the runner's is).
# Written on Linux and not yet run (docs/windows.md, "Installers").
param(
    [Parameter(Mandatory = $true)] [string] $Msi,
    [Parameter(Mandatory = $true)] [string] $UpgradeMsi,
    [Parameter(Mandatory = $true)] [string] $Nsis
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$work = Join-Path $env:RUNNER_TEMP 'skranke-smoke'
if (-not $env:RUNNER_TEMP) { $work = Join-Path $env:TEMP 'skranke-smoke' }
New-Item -ItemType Directory -Force $work | Out-Null
$installDir = Join-Path $env:ProgramFiles 'Skranke'
$exe = Join-Path $installDir 'skranke.exe'
$programData = Join-Path $env:ProgramData 'Skranke'
$configPath = Join-Path $programData 'config.toml'
$witnessExe = Join-Path $installDir 'skranke-audit-witness.exe'
$witnessDir = Join-Path $programData 'witness'
$witnessService = 'SkrankeAuditWitness'
$witnessAccount = "NT SERVICE\$witnessService"
$witnessPipe = '\\.\pipe\skranke-audit-witness'

function Say([string] $m) { Write-Host "smoke: $m" }
function Fail([string] $m) { Write-Host "smoke: FAIL: $m"; exit 1 }

# Runs a program and waits for it, output captured (skranke.exe is a GUI-subsystem program in
# release builds: a console shows nothing, redirected output is complete).
function Invoke-Program([string] $File, [string[]] $Arguments) {
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $File
    foreach ($a in $Arguments) { [void]$psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($psi)
    $outTask = $p.StandardOutput.ReadToEndAsync()
    $errTask = $p.StandardError.ReadToEndAsync()
    if (-not $p.WaitForExit(300000)) { $p.Kill(); Fail "$File $Arguments did not finish in 5 minutes" }
    $p.WaitForExit()
    [pscustomobject]@{ Code = $p.ExitCode; Out = $outTask.Result; Err = $errTask.Result }
}

# skranke.exe with --json output, accepting only the given exit codes; returns the parsed JSON.
function Invoke-SkrankeJson([int[]] $Allowed, [string[]] $Arguments) {
    $r = Invoke-Program $exe $Arguments
    if ($Allowed -notcontains $r.Code) { Fail "skranke $Arguments exited $($r.Code): $($r.Out) $($r.Err)" }
    try { return $r.Out | ConvertFrom-Json } catch { Fail "skranke $Arguments did not print JSON: $($r.Out)" }
}

# The witness's service as Win32_Service (Name, State, StartMode, StartName), or $null.
function Get-WitnessService {
    Get-CimInstance Win32_Service -Filter "Name = '$witnessService'"
}

# The installer registered and started the witness: its service runs under its virtual account,
# automatic start, and `skranke-audit-witness.exe status` (any account) reaches it.
function Assert-WitnessRunning([string] $When) {
    $svc = $null
    for ($i = 0; $i -lt 60; $i++) {
        $svc = Get-WitnessService
        if ($svc -and $svc.State -eq 'Running') { break }
        Start-Sleep -Milliseconds 500
    }
    if (-not $svc) { Fail "$When`: the service $witnessService does not exist" }
    if ($svc.State -ne 'Running') { Fail "$When`: the service $witnessService is $($svc.State), not Running" }
    if ($svc.StartName -ne $witnessAccount) { Fail "$When`: $witnessService runs as '$($svc.StartName)', not $witnessAccount" }
    if ($svc.StartMode -ne 'Auto') { Fail "$When`: $witnessService starts '$($svc.StartMode)', not Auto" }
    $st = Invoke-Program $witnessExe @('status')
    if ($st.Code -ne 0) { Fail "$When`: skranke-audit-witness status exited $($st.Code): $($st.Out) $($st.Err)" }
    try { $j = $st.Out | ConvertFrom-Json } catch { Fail "$When`: skranke-audit-witness status did not print JSON: $($st.Out)" }
    if ($j.PSObject.Properties.Name -notcontains 'head') { Fail "$When`: skranke-audit-witness status has no head: $($st.Out)" }
}

# Uninstall removed the service (deletion can lag while a handle is open) and kept its folder.
function Assert-WitnessRemoved([string] $When) {
    for ($i = 0; $i -lt 60 -and (Get-WitnessService); $i++) { Start-Sleep -Milliseconds 500 }
    if (Get-WitnessService) { Fail "$When`: the service $witnessService is left" }
    if (-not (Test-Path $witnessDir)) { Fail "$When`: $witnessDir was removed (the witness's key and ledger are evidence)" }
}

function Install-Msi([string] $Path, [string] $Log, [string[]] $Extra) {
    $r = Invoke-Program 'msiexec.exe' (@('/i', $Path, '/qn', '/norestart', '/l*v', (Join-Path $work $Log)) + $Extra)
    if ($r.Code -ne 0 -and $r.Code -ne 3010) { Fail "msiexec /i $Path exited $($r.Code) (log: $Log)" }
}

if (Test-Path $installDir) { Fail "$installDir exists: not a fresh machine" }
if (Test-Path $configPath) { Fail "$configPath exists: not a fresh machine" }
if (Get-WitnessService) { Fail "the service $witnessService exists: not a fresh machine" }
if (Test-Path $witnessDir) { Fail "$witnessDir exists: not a fresh machine" }

Say 'test certificates and a production configuration from the example'
$certs = Join-Path $work 'certs'
New-Item -ItemType Directory -Force $certs | Out-Null
$openssl = (Get-Command openssl -ErrorAction SilentlyContinue).Source
if (-not $openssl) { $openssl = 'C:\Program Files\Git\usr\bin\openssl.exe' }
Push-Location $certs
& $openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=skranke-smoke-ca
& $openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr -subj /CN=skranke-smoke-client
Set-Content -Path client.ext -Value "basicConstraints=CA:FALSE`nkeyUsage=digitalSignature`nextendedKeyUsage=clientAuth"
& $openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile client.ext -out client.pem
Pop-Location
if (-not (Test-Path (Join-Path $certs 'client.pem'))) { Fail 'openssl could not make the test certificates' }
# TOML literal strings ('...'): Windows paths need no escaping.
$c = ($certs -replace '\\', '/')
$example = Get-Content (Join-Path $PSScriptRoot '..\linux\config.example.toml')
$config = $example `
    -replace '^client_cert = "/etc/skranke/certs/[a-z]*-client\.pem"', "client_cert = '$c/client.pem'" `
    -replace '^client_key = "/etc/skranke/certs/[a-z]*-client\.key"', "client_key = '$c/client.key'" `
    -replace '^ca_cert = "/etc/skranke/certs/[a-z]*-ca\.pem"', "ca_cert = '$c/ca.pem'" `
    -replace '^keystore = "os"', 'keystore = "file"' `
    -replace '^it_os_group = .*', 'it_os_group = "Administrators"' `
    -replace '^endpoint = "https://[^"]*"', 'endpoint = "https://127.0.0.1:9/"' `
    -replace '^issuer = "https://[^"]*"', 'issuer = "https://127.0.0.1:9/idp"' `
    -replace '^audit_witness_socket = .*', "audit_witness_socket = '$witnessPipe'"
if (-not ($config -contains "audit_witness_socket = '$witnessPipe'")) { Fail 'the example has no audit_witness_socket line to point at the pipe' }
$source = Join-Path $work 'deploy-config.toml'
Set-Content -Path $source -Value $config -Encoding utf8NoBOM

Say "MSI: msiexec /i /qn CONFIGFILE=$source"
Install-Msi $Msi 'msi-install.log' @("CONFIGFILE=$source")
foreach ($f in @($exe, $witnessExe, (Join-Path $installDir 'models\blazeface_front_128.onnx'))) {
    if (-not (Test-Path $f)) { Fail "$f is not installed" }
}
if (-not (Test-Path $configPath)) { Fail "CONFIGFILE was not copied to $configPath" }
if ((Get-FileHash $configPath).Hash -ne (Get-FileHash $source).Hash) { Fail "$configPath differs from CONFIGFILE" }

Say 'skranke.exe --version'
$v = Invoke-Program $exe @('--version')
if ($v.Code -ne 0 -or $v.Out.Trim() -ne 'skranke 0.1.0') { Fail "--version: exit $($v.Code), '$($v.Out)'" }

Say 'config check of %ProgramData%\Skranke\config.toml'
$check = Invoke-SkrankeJson @(0) @('config', 'check', '--json')
if (-not $check.valid -or $check.file -ne $configPath) { Fail "config check: $($check | ConvertTo-Json -Compress)" }

Say "the audit witness: service $witnessService under $witnessAccount, running; status answers"
Assert-WitnessRunning 'after the MSI install'
if (-not (Test-Path $witnessDir)) { Fail "$witnessDir was not created" }

Say "$witnessDir is not open to Users, Everyone or Authenticated Users"
# SIDs, not names: the runner's language does not matter.
$acl = Get-Acl $witnessDir
$rules = @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]))
$open = @{ 'S-1-5-32-545' = 'Users'; 'S-1-1-0' = 'Everyone'; 'S-1-5-11' = 'Authenticated Users' }
foreach ($rule in $rules) {
    if ($open.ContainsKey($rule.IdentityReference.Value)) {
        Fail "$witnessDir grants $($open[$rule.IdentityReference.Value]) $($rule.FileSystemRights): $($acl.AccessToString)"
    }
}
$serviceSid = ([System.Security.Principal.NTAccount] $witnessAccount).Translate([System.Security.Principal.SecurityIdentifier]).Value
if (-not ($rules | Where-Object { $_.IdentityReference.Value -eq $serviceSid -and $_.AccessControlType -eq 'Allow' })) {
    Fail "$witnessDir grants $witnessAccount nothing: $($acl.AccessToString)"
}

Say 'diagnose --json names the configuration source and finds the audit witness'
$d = Invoke-SkrankeJson @(0, 1) @('diagnose', '--json')
if ($d.config_source.kind -ne 'file' -or $d.config_source.path -ne $configPath) {
    Fail "diagnose config_source: $($d.config_source | ConvertTo-Json -Compress)"
}
$wc = @($d.checks | Where-Object { $_.id -eq 'audit_witness' })
if ($wc.Count -ne 1 -or $wc[0].status -ne 'ok') { Fail "diagnose audit_witness: $($wc | ConvertTo-Json -Compress)" }

Say 'an outbox and its key (%ProgramData%\Skranke\data, \keys)'
Invoke-SkrankeJson @(0) @('queue', 'status', '--json') | Out-Null
$key = Get-ChildItem (Join-Path $programData 'keys') -File | Select-Object -First 1
if (-not $key) { Fail 'no key file in %ProgramData%\Skranke\keys' }
$keyHash = (Get-FileHash $key.FullName).Hash
if (-not (Test-Path (Join-Path $programData 'data\skranke.sqlite3'))) { Fail 'no outbox in %ProgramData%\Skranke\data' }
$configHash = (Get-FileHash $configPath).Hash

Say 'upgrade (no CONFIGFILE: the configuration stays)'
Install-Msi $UpgradeMsi 'msi-upgrade.log' @()
$products = Get-CimInstance Win32_Product -Filter "Name = 'Skranke'"
if (@($products).Count -ne 1 -or $products.Version -notlike '0.1.1*') { Fail "after the upgrade: $($products | Select-Object Name, Version | ConvertTo-Json -Compress)" }
if ((Get-FileHash $key.FullName).Hash -ne $keyHash) { Fail 'the key changed in the upgrade' }
if ((Get-FileHash $configPath).Hash -ne $configHash) { Fail 'config.toml changed in the upgrade' }
Invoke-SkrankeJson @(0) @('queue', 'status', '--json') | Out-Null
Assert-WitnessRunning 'after the upgrade'

Say 'uninstall: the program goes, the configuration, data and key stay; the witness service goes, its folder stays'
$r = Invoke-Program 'msiexec.exe' @('/x', $products.IdentifyingNumber, '/qn', '/norestart', '/l*v', (Join-Path $work 'msi-uninstall.log'))
if ($r.Code -ne 0 -and $r.Code -ne 3010) { Fail "msiexec /x exited $($r.Code)" }
if (Test-Path $exe) { Fail "$exe is left after uninstall" }
if ((Get-FileHash $key.FullName).Hash -ne $keyHash) { Fail 'uninstall changed the key' }
if (-not (Test-Path $configPath)) { Fail 'uninstall removed config.toml' }
Assert-WitnessRemoved 'after the MSI uninstall'

Say "NSIS: /S /CONFIGFILE= (a second configuration replaces the first)"
$source2 = Join-Path $work 'deploy-config-2.toml'
Set-Content -Path $source2 -Value ($config -replace '^name = .*', 'name = "NSIS Kommune"') -Encoding utf8NoBOM
$r = Invoke-Program $Nsis @('/S', "/CONFIGFILE=$source2")
if ($r.Code -ne 0) { Fail "NSIS installer exited $($r.Code)" }
if (-not (Test-Path $exe)) { Fail "the NSIS installer did not install $exe" }
if ((Get-FileHash $configPath).Hash -ne (Get-FileHash $source2).Hash) { Fail '/CONFIGFILE= was not copied' }
$v = Invoke-Program $exe @('--version')
if ($v.Code -ne 0) { Fail "--version after the NSIS install: exit $($v.Code)" }
Assert-WitnessRunning 'after the NSIS install'
$r = Invoke-Program $Nsis @('/S', "/CONFIGFILE=$(Join-Path $work 'missing.toml')")
if ($r.Code -eq 0) { Fail 'the NSIS installer accepted a /CONFIGFILE= that does not exist' }
# _?=<dir>: the uninstaller runs in place and returns when done (without it, it copies itself to
# %TEMP% and returns at once); it then cannot delete itself, so uninstall.exe and the folder stay.
$r = Invoke-Program (Join-Path $installDir 'uninstall.exe') @('/S', "_?=$installDir")
if ($r.Code -ne 0) { Fail "NSIS uninstaller exited $($r.Code)" }
if (Test-Path $exe) { Fail "$exe is left after the NSIS uninstall" }
if (-not (Test-Path $configPath)) { Fail 'the NSIS uninstall removed config.toml' }
Assert-WitnessRemoved 'after the NSIS uninstall'
Remove-Item -Recurse -Force $installDir

Say 'passed'
