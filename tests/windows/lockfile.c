/* TEST HARNESS ONLY — holds a file open with no sharing, as Excel does with an open workbook,
 * so the smoke suite can check that nengbao names the problem instead of failing obscurely.
 *
 * Usage (under wine): lockfile.exe FILE READY-FLAG STOP-FLAG
 *   opens FILE with share mode 0, creates READY-FLAG, waits until STOP-FLAG exists (at most 120 s).
 */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 4) {
        fwprintf(stderr, L"usage: lockfile FILE READY STOP\n");
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"lockfile: cannot open (error %lu)\n", GetLastError());
        return 1;
    }
    HANDLE r = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (r != INVALID_HANDLE_VALUE)
        CloseHandle(r);
    for (int i = 0; i < 1200; i++) {
        if (GetFileAttributesW(argv[3]) != INVALID_FILE_ATTRIBUTES)
            break;
        Sleep(100);
    }
    CloseHandle(h);
    return 0;
}
