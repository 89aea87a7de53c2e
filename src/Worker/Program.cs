namespace FluxMirror.Worker;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("✗ flux-mirror-worker: cluster mode is not available in this build yet");
        return 1;
    }
}
