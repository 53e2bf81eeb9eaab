; 能报 Nengbao — Windows installer (NSIS 3, Unicode). Built by `make windows` with Debian's makensis:
;   makensis -DVERSION=0.1.0 -DSRCDIR=<dir with the exes> -DOUTFILE=<setup.exe> packaging/windows/installer.nsi
; Nothing is downloaded: the script uses only what ships with NSIS (MUI2, LogicLib, x64, FileFunc).
;
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\Nengbao (change with
; the directory page or /D=...), shortcuts go to the user's Start menu and desktop, the uninstall
; entry to HKCU. Silent install: setup.exe /S  — silent uninstall: uninstall.exe /S.
;
; The user's data is NOT under the install folder and is never touched by installing, upgrading or
; uninstalling: the app's workspaces live in %APPDATA%\cn.nengbao.desktop (Roaming), the WebView2
; cache in %LOCALAPPDATA%\cn.nengbao.desktop, exported workbooks wherever the user saved them
; (by default the Documents folder), key files wherever the user put them.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "define VERSION (e.g. -DVERSION=0.1.0)"
!endif
!ifndef SRCDIR
  !error "define SRCDIR, the folder holding nengbao.exe, nengbao-app.exe, WebView2Loader.dll, icon.ico and 说明.txt"
!endif
!ifndef OUTFILE
  !define OUTFILE "nengbao-${VERSION}-windows-x64-setup.exe"
!endif

!define PRODUCT "能报"
!define PRODUCT_EN "Nengbao"
!define PUBLISHER "能报 Nengbao"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Nengbao"
!define SETTINGS_KEY "Software\Nengbao"
; The WebView2 Evergreen runtime's client id (Microsoft's documented detection key).
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
Caption "${PRODUCT} ${VERSION} 安装"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT_EN}"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"

!define MUI_ICON "${SRCDIR}\icon.ico"
!define MUI_UNICON "${SRCDIR}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\nengbao-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动能报"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\说明.txt"
!define MUI_FINISHPAGE_SHOWREADME_TEXT "查看说明（数据位置、命令行、卸载）"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} 安装程序 (Nengbao setup)"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "MIT OR Apache-2.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "能报需要 64 位 Windows（Windows 10 或 11）。本电脑是 32 位系统，无法安装。" /SD IDOK
    Abort
  ${EndIf}
  SetShellVarContext current
  SetRegView 64
FunctionEnd

Function un.onInit
  SetShellVarContext current
  SetRegView 64
FunctionEnd

; $0 = the installed WebView2 runtime version, or "" when there is none. Checks the per-machine
; key (32-bit registry view, where the runtime registers itself), the 64-bit view, and the
; per-user key; a version of 0.0.0.0 means a broken uninstall and counts as missing.
Function FindWebView2
  SetRegView 32
  ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  SetRegView 64
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Section "能报" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Upgrade: the files are replaced in place; nothing of the user's data is here.
  File "${SRCDIR}\nengbao-app.exe"
  File "${SRCDIR}\nengbao.exe"
  File "${SRCDIR}\WebView2Loader.dll"
  File "${SRCDIR}\说明.txt"
  File "/oname=nengbao.ico" "${SRCDIR}\icon.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts: 能报 (the app) on the desktop and in the Start menu, and a command prompt with
  ; nengbao.exe on its PATH (the system PATH is not changed).
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\nengbao-app.exe" "" "$INSTDIR\nengbao.ico" 0 SW_SHOWNORMAL "" "能源利用状况报告与减排台账"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}命令行.lnk" "$SYSDIR\cmd.exe" '/k "set PATH=$INSTDIR;%PATH%&& nengbao --help"' "$INSTDIR\nengbao.ico" 0 SW_SHOWNORMAL "" "nengbao 命令行"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk" "$INSTDIR\uninstall.exe" "" "$INSTDIR\nengbao.ico" 0
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\nengbao-app.exe" "" "$INSTDIR\nengbao.ico" 0 SW_SHOWNORMAL "" "能源利用状况报告与减排台账"

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${SETTINGS_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT} (${PRODUCT_EN})"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\nengbao.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0

  ; The app's window is drawn by Microsoft Edge WebView2 (part of Windows 10 21H2+/11; older
  ; systems may lack it). Without it the installed command line still works, the window does not.
  Call FindWebView2
  ${If} $0 == ""
    WriteRegStr HKCU "${SETTINGS_KEY}" "WebView2" "missing"
    DetailPrint "未检测到 Microsoft Edge WebView2 运行时。"
    MessageBox MB_OK|MB_ICONEXCLAMATION "能报已安装，但本电脑未检测到 Microsoft Edge WebView2 运行时，能报的窗口需要它才能打开。$\r$\n$\r$\n请安装“Microsoft Edge WebView2 运行时”（Evergreen 独立安装程序，可由单位信息管理员从微软官方网站获取，离线电脑可用 U 盘拷贝安装），然后再从开始菜单或桌面启动“能报”。Windows 10（21H2 及以后）和 Windows 11 通常已自带。$\r$\n$\r$\n命令行工具 nengbao.exe 不需要 WebView2，可以直接使用。" /SD IDOK
  ${Else}
    WriteRegStr HKCU "${SETTINGS_KEY}" "WebView2" "$0"
    DetailPrint "Microsoft Edge WebView2 运行时：$0"
  ${EndIf}
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\nengbao-app.exe"
  Delete "$INSTDIR\nengbao.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\说明.txt"
  Delete "$INSTDIR\nengbao.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}命令行.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
  ; %APPDATA%\cn.nengbao.desktop (workspaces), key files and exported workbooks are kept.
  DetailPrint "您的数据保留在 $APPDATA\cn.nengbao.desktop，未删除。"
SectionEnd
