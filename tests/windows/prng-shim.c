/* TEST HARNESS ONLY — never shipped, never installed.
 *
 * Rust's standard library on Windows imports ProcessPrng from bcryptprimitives.dll (Windows 10
 * and later have it). Wine 8, which the smoke suite runs the Windows build under, has no
 * ProcessPrng, so the exe would not start. This DLL, placed beside the exe inside the wine
 * prefix by tests/windows/smoke.sh, exports ProcessPrng over advapi32's SystemFunction036
 * (RtlGenRandom), which wine implements from the host's random source.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll prng-shim.c prng-shim.def -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
