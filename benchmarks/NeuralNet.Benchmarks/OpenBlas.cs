using System.Runtime.InteropServices;

namespace NeuralNet.Benchmarks;

/// <summary>
/// OpenBLAS's single-precision GEMM, called through P/Invoke so that the benchmarks can put it
/// beside <c>Gemm.Multiply</c> in one run. Only this benchmark project touches it: the library
/// itself stays free of native dependencies.
/// </summary>
/// <remarks>
/// <para>
/// Debian's <c>libopenblas0-pthread</c> installs <c>/usr/lib/x86_64-linux-gnu/libopenblas.so.0</c>
/// (a link managed by update-alternatives). When it is missing, <see cref="IsAvailable"/> is
/// <see langword="false"/> and callers skip the OpenBLAS cases with <see cref="InstallHint"/>;
/// nothing here throws at type load.
/// </para>
/// <para>
/// OpenBLAS picks its kernel at load time from the CPU, unless <c>OPENBLAS_CORETYPE</c> forces one;
/// <see cref="CoreName"/> says which ran, so every report can name it.
/// </para>
/// </remarks>
internal static partial class OpenBlas
{
    /// <summary>The soname the dynamic loader resolves.</summary>
    public const string LibraryName = "libopenblas.so.0";

    /// <summary>What to print when the library cannot be loaded.</summary>
    public const string InstallHint = "OpenBLAS not installed: apt-get install libopenblas0-pthread";

    // CBLAS enumerations (cblas.h).
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly Lazy<bool> s_available = new(() =>
    {
        if (!NativeLibrary.TryLoad(LibraryName, out IntPtr handle))
        {
            return false;
        }

        // A library of that name without the CBLAS entry point (some other BLAS) does not count.
        return NativeLibrary.TryGetExport(handle, "cblas_sgemm", out _)
            && NativeLibrary.TryGetExport(handle, "openblas_get_corename", out _);
    });

    /// <summary>Whether <c>libopenblas.so.0</c> loads and exports <c>cblas_sgemm</c>.</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>The kernel OpenBLAS chose (e.g. <c>Haswell</c>, <c>Zen</c>, <c>SkylakeX</c>), or "absent".</summary>
    public static string CoreName =>
        IsAvailable ? Marshal.PtrToStringAnsi(NativeMethods.GetCoreName()) ?? "?" : "absent";

    /// <summary>OpenBLAS's build configuration string (version, threading, maximum threads).</summary>
    public static string Config =>
        IsAvailable ? Marshal.PtrToStringAnsi(NativeMethods.GetConfig())?.Trim() ?? "?" : "absent";

    /// <summary>
    /// One line for a report: the kernel, the build, and the environment variables that change
    /// OpenBLAS's choice of kernel and blocking (both are printed whether set or not).
    /// </summary>
    public static string Describe() =>
        IsAvailable
            ? $"OpenBLAS core {CoreName} | {Config} | OPENBLAS_CORETYPE={EnvironmentValue("OPENBLAS_CORETYPE")} OPENBLAS_L2_SIZE={EnvironmentValue("OPENBLAS_L2_SIZE")}"
            : InstallHint;

    /// <summary>Sets the number of threads OpenBLAS uses for the following calls.</summary>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        NativeMethods.SetNumThreads(threads);
    }

    /// <summary>
    /// C = op(A)·op(B) (or C += … when <paramref name="accumulate"/>), with the argument convention
    /// of <c>Gemm.Multiply</c>: row-major, A stored m×k (k×m when transposed), B stored k×n (n×k
    /// when transposed), C m×n.
    /// </summary>
    public static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate)
    {
        // Checked here because OpenBLAS reads past a short buffer instead of failing.
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
        {
            throw new ArgumentException($"Buffers too short for a {m}×{k}·{k}×{n} product.", nameof(c));
        }

        NativeMethods.Sgemm(
            RowMajor,
            transposeA ? Trans : NoTrans,
            transposeB ? Trans : NoTrans,
            m, n, k,
            alpha: 1f,
            ref MemoryMarshal.GetReference(a), lda: transposeA ? m : k,
            ref MemoryMarshal.GetReference(b), ldb: transposeB ? k : n,
            beta: accumulate ? 1f : 0f,
            ref MemoryMarshal.GetReference(c), ldc: n);
    }

    private static string EnvironmentValue(string name) => Environment.GetEnvironmentVariable(name) ?? "(unset)";

    private static partial class NativeMethods
    {
        [LibraryImport(LibraryName, EntryPoint = "cblas_sgemm")]
        public static partial void Sgemm(
            int order, int transA, int transB, int m, int n, int k,
            float alpha, ref float a, int lda, ref float b, int ldb,
            float beta, ref float c, int ldc);

        [LibraryImport(LibraryName, EntryPoint = "openblas_set_num_threads")]
        public static partial void SetNumThreads(int threads);

        [LibraryImport(LibraryName, EntryPoint = "openblas_get_corename")]
        public static partial IntPtr GetCoreName();

        [LibraryImport(LibraryName, EntryPoint = "openblas_get_config")]
        public static partial IntPtr GetConfig();
    }
}
