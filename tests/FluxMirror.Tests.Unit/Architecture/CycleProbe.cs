// Two namespaces that use each other, so the architecture test can prove its cycle finder fires.
namespace FluxMirror.Tests.Unit.Architecture.CycleProbe.CycleA
{
    public static class UsesB
    {
        public static string Name => nameof(CycleB.UsesA) + CycleB.UsesA.Marker;

        public static int Marker => 1;
    }
}

namespace FluxMirror.Tests.Unit.Architecture.CycleProbe.CycleB
{
    public static class UsesA
    {
        public static int Marker => CycleA.UsesB.Marker + 1;
    }
}
