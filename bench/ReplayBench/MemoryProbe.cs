namespace ReplayBench;

/// <summary>Peak resident memory of this process (VmHWM on Linux), resettable per phase where the kernel allows.</summary>
public static class MemoryProbe
{
    public static long PeakBytes()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>Resets the peak to the current resident size (writes 5 to /proc/self/clear_refs); false where unsupported.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
