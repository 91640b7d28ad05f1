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
; Tauri's installer.nsi already includes FileFunc.nsh (GetParameters, GetOptions) and LogicLib.

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
!macroend
