# Build the Windows bundle and installer on a Windows build machine (NOT run here; see README.md beside).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Invoke-Native([string]$What, [scriptblock]$Command) {
  # Windows PowerShell 5.1 does not stop on a native command's exit code: check it after each one
  & $Command
  if ($LASTEXITCODE -ne 0) { throw "$What failed (exit $LASTEXITCODE)" }
}

if (-not (Test-Path .venv)) { Invoke-Native "venv" { py -3.11 -m venv .venv } }
Invoke-Native "pip" { .venv\Scripts\python -m pip install --upgrade pip }
Invoke-Native "pip install" { .venv\Scripts\python -m pip install -e ".[package]" }
$version = (.venv\Scripts\python -c "import desk_app; print(desk_app.__version__)").Trim()
$commit = (git rev-parse --short HEAD).Trim()
Remove-Item -Recurse -Force dist\desk-app, build\pyinstaller -ErrorAction SilentlyContinue
Invoke-Native "PyInstaller" {
  .venv\Scripts\python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\desk-app.spec
}
Set-Content -Path dist\desk-app\VERSION -Value "$version+g$commit"
# the bundle must run before it is packed: the same self-test CI runs on Linux
Invoke-Native "self-test" { dist\desk-app\desk-app.exe self-test --data-dir "$env:TEMP\desk-app-selftest" }
Compress-Archive -Force -Path dist\desk-app -DestinationPath "dist\desk-app-$version-windows-x64.zip"
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
  $iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
            "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $iscc) { throw "Inno Setup 6 (ISCC.exe) not found: winget install JRSoftware.InnoSetup" }
Invoke-Native "Inno Setup" { & $iscc "/DAppVersion=$version" packaging\windows\desk-app.iss }
Write-Host "dist\desk-app-setup-$version.exe"
