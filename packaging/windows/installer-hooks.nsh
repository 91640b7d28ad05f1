; Skranke NSIS installer hooks (bundle.windows.nsis.installerHooks in src-tauri/tauri.conf.json).
;
; /CONFIGFILE=<path> copies IT's configuration to %ProgramData%\Skranke\config.toml:
;
;   Skranke_<version>_x64-setup.exe /S /CONFIGFILE=C:\Deploy\skranke\config.toml
;
; (NSIS reads /D= only as the last option: put /CONFIGFILE= before it.) A path that does not exist
; stops the installation before Skranke's files are installed (Tauri's WebView2 section runs
; earlier), with exit code 2. Without /CONFIGFILE= an existing config.toml stays. The uninstaller
; never removes %ProgramData%\Skranke.
;
; The audit witness (docs/windows.md, "Audit witness"): skranke-audit-witness.exe is installed
; beside skranke.exe (a bundle resource, packaging/windows/tauri.witness.conf.json, passed with --config) and registers its
; service itself. After the files are in place the installer runs `skranke-audit-witness.exe
; install` (the service SkrankeAuditWitness under NT SERVICE\SkrankeAuditWitness, started); before
; they are replaced (an install over an existing one) and before the uninstaller deletes them it
; runs `uninstall` (stops and deletes the service, keeps %ProgramData%\Skranke\witness: its key and
; ledger are audit evidence). nsExec::ExecToLog waits like ExecWait but opens no console window and
; puts the program's message in the installer's log. A failure is logged with its exit code and
; does not stop the installer: the counter works without the witness, and `skranke diagnose`
; (check audit_witness) shows it.
; Tauri's installer.nsi already includes FileFunc.nsh (GetParameters, GetOptions) and LogicLib.

!define SKRANKE_WITNESS_EXE "skranke-audit-witness.exe"

; Runs "$INSTDIR\skranke-audit-witness.exe" <_command> when it is there and logs its exit code
; ("error" when it could not be started). Uses $R6 only.
!macro SKRANKE_WITNESS _command
  ${If} ${FileExists} "$INSTDIR\${SKRANKE_WITNESS_EXE}"
    DetailPrint "Skranke: ${SKRANKE_WITNESS_EXE} ${_command}"
    nsExec::ExecToLog '"$INSTDIR\${SKRANKE_WITNESS_EXE}" ${_command}'
    Pop $R6
    ${If} $R6 == "0"
      DetailPrint "Skranke: ${SKRANKE_WITNESS_EXE} ${_command}: done (exit code 0)"
    ${Else}
      DetailPrint "Skranke: ${SKRANKE_WITNESS_EXE} ${_command} failed (exit code $R6); Skranke works without the audit witness, skranke diagnose shows it"
    ${EndIf}
  ${Else}
    DetailPrint "Skranke: $INSTDIR\${SKRANKE_WITNESS_EXE} not found, skipping ${_command}"
  ${EndIf}
!macroend

!macro SKRANKE_CONFIGFILE_OPTION _out
  ${GetParameters} $R9
  ClearErrors
  ${GetOptions} $R9 "/CONFIGFILE=" ${_out}
  ${If} ${Errors}
    StrCpy ${_out} ""
  ${EndIf}
!macroend

!macro NSIS_HOOK_PREINSTALL
  !insertmacro SKRANKE_CONFIGFILE_OPTION $R8
  ${If} $R8 != ""
  ${AndIfNot} ${FileExists} "$R8"
    DetailPrint "Skranke: /CONFIGFILE=$R8 not found"
    MessageBox MB_ICONSTOP "Skranke: the configuration file $R8 was not found." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  ; A running service holds its exe open: stop it before File replaces the exe (an install over
  ; an existing one; a first install finds no exe and skips this).
  !insertmacro SKRANKE_WITNESS "uninstall"
!macroend

!macro NSIS_HOOK_POSTINSTALL
  !insertmacro SKRANKE_CONFIGFILE_OPTION $R8
  ${If} $R8 != ""
    ReadEnvStr $R7 "ProgramData"
    ${If} $R7 == ""
      StrCpy $R7 "C:\ProgramData"
    ${EndIf}
    CreateDirectory "$R7\Skranke"
    ClearErrors
    CopyFiles /SILENT "$R8" "$R7\Skranke\config.toml"
    ${If} ${Errors}
      DetailPrint "Skranke: could not copy $R8 to $R7\Skranke\config.toml"
      SetErrorLevel 2
    ${Else}
      DetailPrint "Skranke: configuration copied to $R7\Skranke\config.toml"
    ${EndIf}
  ${EndIf}
  !insertmacro SKRANKE_WITNESS "install"
!macroend

!macro NSIS_HOOK_PREUNINSTALL
  !insertmacro SKRANKE_WITNESS "uninstall"
!macroend
