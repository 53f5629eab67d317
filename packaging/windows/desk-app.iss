; Inno Setup 6 script: the per-machine Windows installer of desk_app (NOT built or tested here — see
; packaging/windows/README.md for the build recipe on a Windows build machine).
;
;   desk-app-setup-<version>.exe                          interactive install
;   desk-app-setup-<version>.exe /VERYSILENT /SUPPRESSMSGBOXES /CONFIG=D:\it\desk2.toml [/STATIONUSER=CAP\canbo2]
;                                                         silent install, then the desk provisioned from
;                                                         IT's station file (desk-app init --from)
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

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\desk-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; created empty: `desk-app init --from` fills it and then restricts it to the station's Windows account
Name: "{#DataDir}"; Flags: uninsneveruninstall

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
  ValueType: expandsz; ValueName: "DESK_APP_DATA_DIR"; ValueData: "{#DataDir}"; Flags: preservestringtype

[Icons]
Name: "{group}\Bàn tiếp nhận hồ sơ"; Filename: "{app}\desk-app-gui.exe"; \
  Parameters: "--data-dir ""{#DataDir}"""; WorkingDir: "{app}"
Name: "{group}\Kiểm tra máy (desk-app doctor)"; Filename: "{cmd}"; \
  Parameters: "/k ""{app}\desk-app.exe"" doctor --data-dir ""{#DataDir}"""; WorkingDir: "{app}"

[Run]
Filename: "{app}\desk-app-gui.exe"; Parameters: "--data-dir ""{#DataDir}"""; \
  Description: "Mở bàn tiếp nhận"; Flags: postinstall nowait skipifsilent unchecked

[Code]
{ /CONFIG=station.toml: provision the desk after the files are in place; the station file is checked whole
  by desk-app itself, which also builds the desk aside and moves it in only when everything worked (an
  unreachable server or a refused token leave nothing). Its one-line reason goes to the setup log and,
  when not silent, to a message box; the setup then fails with exit code 8 so IT's script sees it. }

var
  ProvisionFailed: Boolean;

function ProvisionDesk(const Config: String): Boolean;
var
  ResultCode: Integer;
  Output, Params, StationUser: String;
begin
  Output := ExpandConstant('{tmp}\provision.txt');
  Params := '/c ""' + ExpandConstant('{app}\desk-app.exe') + '" init --from "' + Config +
            '" --data-dir "' + ExpandConstant('{#DataDir}') + '" > "' + Output + '" 2>&1"';
  StationUser := ExpandConstant('{param:STATIONUSER|}');
  if StationUser <> '' then
    { the data folder is restricted to the account that provisions it: hand it to the station's account }
    Params := Params + ' && icacls "' + ExpandConstant('{#DataDir}') + '" /setowner "' + StationUser +
              '" /T /C && icacls "' + ExpandConstant('{#DataDir}') + '" /inheritance:r /grant:r "' +
              StationUser + ':(OI)(CI)F" /grant:r "*S-1-5-18:(OI)(CI)F" /T /C';
  Result := Exec(ExpandConstant('{cmd}'), Params, '', SW_HIDE, ewWaitUntilTerminated, ResultCode) and
            (ResultCode = 0);
  Log('desk-app init --from ' + Config + ': exit ' + IntToStr(ResultCode));
  if not Result then
  begin
    if not WizardSilent then
      MsgBox('Không thiết lập được bàn từ ' + Config + '. Xem ' + Output + ' và chạy lại; ' +
             'chương trình đã được cài, chưa có dữ liệu nào được tạo.', mbError, MB_OK);
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Config: String;
begin
  if CurStep = ssPostInstall then
  begin
    Config := ExpandConstant('{param:CONFIG|}');
    if (Config <> '') and not FileExists(ExpandConstant('{#DataDir}\station.toml')) then
      ProvisionFailed := not ProvisionDesk(Config);
  end;
end;

function GetCustomSetupExitCode: Integer;
begin
  if ProvisionFailed then
    Result := 8
  else
    Result := 0;
end;
