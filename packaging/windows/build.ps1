# Build the Windows bundle and installer on a Windows build machine (NOT run here; see README.md beside).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --upgrade pip
.venv\Scripts\python -m pip install -e ".[package]"
$version = (.venv\Scripts\python -c "import desk_app; print(desk_app.__version__)").Trim()
Remove-Item -Recurse -Force dist\desk-app, build\pyinstaller -ErrorAction SilentlyContinue
.venv\Scripts\python -m PyInstaller --noconfirm --clean --log-level WARN `
  --distpath dist --workpath build\pyinstaller packaging\desk-app.spec
Set-Content -Path dist\desk-app\VERSION -Value $version
# the bundle must run before it is packed: the same self-test CI runs on Linux
dist\desk-app\desk-app.exe self-test --data-dir "$env:TEMP\desk-app-selftest"
if ($LASTEXITCODE -ne 0) { throw "self-test of the bundle failed" }
Compress-Archive -Force -Path dist\desk-app -DestinationPath "dist\desk-app-$version-windows-x64.zip"
& "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" "/DAppVersion=$version" packaging\windows\desk-app.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "dist\desk-app-setup-$version.exe"
