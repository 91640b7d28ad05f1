# Smoke test of the Windows installers on a throw-away Windows runner (.github/workflows/windows.yml),
# the steps of scripts/package-smoke.sh: silent MSI install with CONFIGFILE, skranke.exe --version,
# config check, diagnose --json, an outbox and its key, upgrade to a higher version, uninstall; then
# the NSIS installer with /CONFIGFILE=. Needs an elevated PowerShell (the runner's is).
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

function Install-Msi([string] $Path, [string] $Log, [string[]] $Extra) {
    $r = Invoke-Program 'msiexec.exe' (@('/i', $Path, '/qn', '/norestart', '/l*v', (Join-Path $work $Log)) + $Extra)
    if ($r.Code -ne 0 -and $r.Code -ne 3010) { Fail "msiexec /i $Path exited $($r.Code) (log: $Log)" }
}

if (Test-Path $installDir) { Fail "$installDir exists: not a fresh machine" }
if (Test-Path $configPath) { Fail "$configPath exists: not a fresh machine" }

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
    -replace '^issuer = "https://[^"]*"', 'issuer = "https://127.0.0.1:9/idp"'
$source = Join-Path $work 'deploy-config.toml'
Set-Content -Path $source -Value $config -Encoding utf8NoBOM

Say "MSI: msiexec /i /qn CONFIGFILE=$source"
Install-Msi $Msi 'msi-install.log' @("CONFIGFILE=$source")
foreach ($f in @($exe, (Join-Path $installDir 'models\blazeface_front_128.onnx'))) {
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

Say 'diagnose --json names the configuration source'
$d = Invoke-SkrankeJson @(0, 1) @('diagnose', '--json')
if ($d.config_source.kind -ne 'file' -or $d.config_source.path -ne $configPath) {
    Fail "diagnose config_source: $($d.config_source | ConvertTo-Json -Compress)"
}

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

Say 'uninstall: the program goes, the configuration, data and key stay'
$r = Invoke-Program 'msiexec.exe' @('/x', $products.IdentifyingNumber, '/qn', '/norestart', '/l*v', (Join-Path $work 'msi-uninstall.log'))
if ($r.Code -ne 0 -and $r.Code -ne 3010) { Fail "msiexec /x exited $($r.Code)" }
if (Test-Path $exe) { Fail "$exe is left after uninstall" }
if ((Get-FileHash $key.FullName).Hash -ne $keyHash) { Fail 'uninstall changed the key' }
if (-not (Test-Path $configPath)) { Fail 'uninstall removed config.toml' }

Say "NSIS: /S /CONFIGFILE= (a second configuration replaces the first)"
$source2 = Join-Path $work 'deploy-config-2.toml'
Set-Content -Path $source2 -Value ($config -replace '^name = .*', 'name = "NSIS Kommune"') -Encoding utf8NoBOM
$r = Invoke-Program $Nsis @('/S', "/CONFIGFILE=$source2")
if ($r.Code -ne 0) { Fail "NSIS installer exited $($r.Code)" }
if (-not (Test-Path $exe)) { Fail "the NSIS installer did not install $exe" }
if ((Get-FileHash $configPath).Hash -ne (Get-FileHash $source2).Hash) { Fail '/CONFIGFILE= was not copied' }
$v = Invoke-Program $exe @('--version')
if ($v.Code -ne 0) { Fail "--version after the NSIS install: exit $($v.Code)" }
$r = Invoke-Program $Nsis @('/S', "/CONFIGFILE=$(Join-Path $work 'missing.toml')")
if ($r.Code -eq 0) { Fail 'the NSIS installer accepted a /CONFIGFILE= that does not exist' }
# _?=<dir>: the uninstaller runs in place and returns when done (without it, it copies itself to
# %TEMP% and returns at once); it then cannot delete itself, so uninstall.exe and the folder stay.
$r = Invoke-Program (Join-Path $installDir 'uninstall.exe') @('/S', "_?=$installDir")
if ($r.Code -ne 0) { Fail "NSIS uninstaller exited $($r.Code)" }
if (Test-Path $exe) { Fail "$exe is left after the NSIS uninstall" }
if (-not (Test-Path $configPath)) { Fail 'the NSIS uninstall removed config.toml' }
Remove-Item -Recurse -Force $installDir

Say 'passed'
