; Inno Setup 6 script: the per-machine Windows installer of desk_app (NOT built or tested here — see
; packaging/windows/README.md for the build recipe on a Windows build machine).
;
;   desk-app-setup-<version>.exe                          interactive install
;   desk-app-setup-<version>.exe /VERYSILENT /SUPPRESSMSGBOXES /CONFIG=D:\it\desk2.toml /STATIONUSER=CAP\canbo2
;                                                         silent install, then the desk provisioned from
;                                                         IT's station file (desk-app init --from) and its
;                                                         data folder handed to the desk's Windows account
;
; The program goes to Program Files\desk_app (the PyInstaller folder dist\desk-app, built first with
; packaging\build.ps1); the station's data to ProgramData\desk_app, named for every program by the
; machine-wide variable DESK_APP_DATA_DIR. Upgrading is installing a newer setup over the old one: the
; program folder is replaced, the data folder is never touched by the installer (the new build migrates
; the database at its first start, after a backup). Uninstalling leaves the data folder in place.

#define AppName "desk_app"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define DataDir "{commonappdata}\desk_app"

[Setup]
AppId={{6F0B7C1E-3C55-4B8A-9C61-2D8A4F1E7D30}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=desk_app team
DefaultDirName={autopf}\desk_app
DefaultGroupName=desk_app
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=desk-app-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
UninstallDisplayIcon={app}\desk-app-gui.exe
CloseApplications=force

; The installer's own pages are in English: Inno Setup's Vietnamese translation is unofficial and not shipped
; with it (the program itself is in Vietnamese). Inno Setup 6.3 or later (this file is UTF-8 without a BOM).
[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; an upgrade replaces the previous build's libraries instead of mixing the two
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\desk-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; created empty, open to the PC's users: `desk-app init --from` (silent install with /STATIONUSER) or the
; first start of the program by the desk's account fills it and restricts it to that account
Name: "{#DataDir}"; Permissions: users-full; Flags: uninsneveruninstall

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
  ValueType: expandsz; ValueName: "DESK_APP_DATA_DIR"; ValueData: "{#DataDir}"; Flags: preservestringtype

[Icons]
Name: "{group}\Bàn tiếp nhận hồ sơ"; Filename: "{app}\desk-app-gui.exe"; \
  Parameters: "--data-dir ""{#DataDir}"""; WorkingDir: "{app}"
Name: "{group}\Kiểm tra máy (desk-app doctor)"; Filename: "{cmd}"; \
  Parameters: "/k """"{app}\desk-app.exe"" doctor --data-dir ""{#DataDir}"""""; WorkingDir: "{app}"

[Run]
Filename: "{app}\desk-app-gui.exe"; Parameters: "--data-dir ""{#DataDir}"""; \
  Description: "Mở bàn tiếp nhận"; Flags: postinstall nowait skipifsilent unchecked

[Code]
{ /CONFIG=station.toml /STATIONUSER=DOMAIN\user: provision the desk after the files are in place. The
  station file is checked whole by desk-app itself, which builds the desk aside and moves it in only when
  everything worked (an unreachable server or a refused token leave nothing). desk-app restricts the data
  folder to the account that runs it — here the installing administrator — so the folder is then handed
  to the station's account (owner and the only access, with SYSTEM). desk-app's one-line reason goes to
  the setup log and to ProgramData\desk_app-provision.log; the setup then exits with code 20 (Inno's own
  codes end at 8) so IT's script sees it. }

const
  ProvisionFailedCode = 20;

var
  ProvisionFailed: Boolean;
  ConfigFile, StationUser: String;

function InitializeSetup(): Boolean;
begin
  Result := True;
  ConfigFile := ExpandConstant('{param:CONFIG|}');
  StationUser := ExpandConstant('{param:STATIONUSER|}');
  if ConfigFile = '' then
    exit;
  ConfigFile := ExpandFileName(ConfigFile);  { relative to where the setup was started }
  if not FileExists(ConfigFile) then
    ConfigFile := ExpandConstant('{src}\') + ExtractFileName(ExpandConstant('{param:CONFIG|}'));
  if not FileExists(ConfigFile) then
  begin
    Log('station file not found: ' + ExpandConstant('{param:CONFIG|}'));
    if not WizardSilent then
      MsgBox('Không tìm thấy tệp thiết lập bàn ' + ExpandConstant('{param:CONFIG|}'), mbError, MB_OK);
    Result := False;
  end
  else if StationUser = '' then
  begin
    Log('/CONFIG needs /STATIONUSER=DOMAIN\user (the desk''s Windows account)');
    if not WizardSilent then
      MsgBox('/CONFIG cần /STATIONUSER=TÊN_MIỀN\tài_khoản (tài khoản Windows của bàn)', mbError, MB_OK);
    Result := False;
  end;
end;

function RunHidden(const Program, Params: String): Integer;
begin
  if not Exec(Program, Params, '', SW_HIDE, ewWaitUntilTerminated, Result) then
    Result := -1;
  Log(Program + ' ' + Params + ': exit ' + IntToStr(Result));
end;

function ProvisionDesk(): Boolean;
var
  Output, Reason, DataDir, Icacls: String;
  Lines: AnsiString;
begin
  DataDir := ExpandConstant('{#DataDir}');
  Output := ExpandConstant('{commonappdata}\desk_app-provision.log');
  { cmd /S /C "…": only the outer pair of quotes is removed; stdin from NUL, so a missing
    DESK_APP_NEW_PASSWORD ends with a message instead of waiting for a password nobody types }
  Result := RunHidden(ExpandConstant('{cmd}'), '/S /C ""' + ExpandConstant('{app}\desk-app.exe') +
    '" init --from "' + ConfigFile + '" --data-dir "' + DataDir + '" < NUL > "' + Output + '" 2>&1"') = 0;
  if LoadStringFromFile(Output, Lines) then
    Log('desk-app init: ' + String(Lines));
  if Result then
  begin
    Icacls := ExpandConstant('{sys}\icacls.exe');
    Result := (RunHidden(Icacls, '"' + DataDir + '" /setowner "' + StationUser + '" /T /C /Q') = 0) and
      (RunHidden(Icacls, '"' + DataDir + '" /inheritance:r /grant:r "' + StationUser +
        ':(OI)(CI)F" /grant:r "*S-1-5-18:(OI)(CI)F" /remove:g "' + GetUserNameString + '" /T /C /Q') = 0);
    if not Result then
      SaveStringToFile(Output, 'icacls could not hand ' + DataDir + ' to ' + StationUser + #13#10, True);
  end;
  if not Result then
  begin
    Reason := 'Không thiết lập được bàn từ ' + ConfigFile + '. Xem ' + Output +
              '; chương trình đã được cài, dữ liệu chưa được tạo.';
    Log(Reason);
    if not WizardSilent then
      MsgBox(Reason, mbError, MB_OK);
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and (ConfigFile <> '') then
  begin
    if FileExists(ExpandConstant('{#DataDir}\station.toml')) then
      Log('the desk is already set up: the station file is not applied again (an upgrade)')
    else
      ProvisionFailed := not ProvisionDesk();
  end;
end;

function GetCustomSetupExitCode: Integer;
begin
  if ProvisionFailed then
    Result := ProvisionFailedCode
  else
    Result := 0;
end;
