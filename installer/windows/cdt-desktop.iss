; Inno Setup script: per-user installer for the Windows one-folder bundle.
; Build on Windows after `python installer\build.py`:
;   iscc /DAppVersion=0.1.0 installer\windows\cdt-desktop.iss
; It refuses to build without a version (pass the one in cdt_desktop/__init__.py).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z installer\windows\cdt-desktop.iss
#endif

#define AppName "CDT Companion Desktop"
#define AppId "org.cdtcompanion.Desktop"
#define AppExe "cdt-desktop.exe"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=CDT Companion
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=cdt-desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\..\resources\icons\cdt-desktop.ico

[Files]
; The whole one-folder bundle. User data (cases, logs) lives in %LOCALAPPDATA% and is never
; touched by install, update or uninstall.
Source: "..\..\dist\cdt-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent
