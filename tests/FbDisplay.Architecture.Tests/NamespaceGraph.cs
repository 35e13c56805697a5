using Mono.Cecil;
using Mono.Cecil.Cil;

namespace FbDisplay.Architecture.Tests;

/// <summary>Which namespace of an assembly uses which other namespace of the same assembly, from its IL and metadata.</summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = [];

    public NamespaceGraph(string assemblyPath)
    {
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        Name = assembly.Name.Name;
        ModuleDefinition module = assembly.MainModule;
        foreach (TypeDefinition type in module.Types)
        {
            Visit(type, Namespace(type));
        }
    }

    public string Name { get; }

    /// <summary>Every namespace with the namespaces it uses and, for each, one type that shows the use.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => _edges;

    /// <summary>Groups of namespaces that use each other, directly or round a loop (Tarjan's strongly connected components).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<IReadOnlyList<string>>();
        int next = 0;

        void Connect(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in _edges.TryGetValue(v, out var to) ? to.Keys : Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(w))
                {
                    Connect(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    result.Add(component);
                }
            }
        }

        foreach (string v in _edges.Keys.ToList())
        {
            if (!index.ContainsKey(v))
            {
                Connect(v);
            }
        }

        return result;
    }

    private static string Namespace(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }

    private void Visit(TypeDefinition type, string from)
    {
        Use(from, type.BaseType, type);
        foreach (InterfaceImplementation i in type.Interfaces)
        {
            Use(from, i.InterfaceType, type);
        }

        foreach (CustomAttribute a in type.CustomAttributes)
        {
            Use(from, a.AttributeType, type);
        }

        foreach (FieldDefinition f in type.Fields)
        {
            Use(from, f.FieldType, type);
        }

        foreach (PropertyDefinition p in type.Properties)
        {
            Use(from, p.PropertyType, type);
        }

        foreach (EventDefinition e in type.Events)
        {
            Use(from, e.EventType, type);
        }

        foreach (MethodDefinition m in type.Methods)
        {
            Use(from, m.ReturnType, type);
            foreach (ParameterDefinition p in m.Parameters)
            {
                Use(from, p.ParameterType, type);
            }

            if (!m.HasBody)
            {
                continue;
            }

            foreach (VariableDefinition v in m.Body.Variables)
            {
                Use(from, v.VariableType, type);
            }

            foreach (Instruction ins in m.Body.Instructions)
            {
                switch (ins.Operand)
                {
                    case TypeReference t:
                        Use(from, t, type);
                        break;
                    case MethodReference mr:
                        Use(from, mr.DeclaringType, type);
                        Use(from, mr.ReturnType, type);
                        if (mr is GenericInstanceMethod gm)
                        {
                            foreach (TypeReference arg in gm.GenericArguments)
                            {
                                Use(from, arg, type);
                            }
                        }

                        break;
                    case FieldReference fr:
                        Use(from, fr.DeclaringType, type);
                        Use(from, fr.FieldType, type);
                        break;
                }
            }
        }

        foreach (TypeDefinition nested in type.NestedTypes)
        {
            Visit(nested, from);
        }
    }

    private void Use(string from, TypeReference? to, TypeDefinition where)
    {
        switch (to)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType g:
                Use(from, g.ElementType, where);
                foreach (TypeReference arg in g.GenericArguments)
                {
                    Use(from, arg, where);
                }

                return;
            case TypeSpecification spec:
                Use(from, spec.ElementType, where);
                return;
        }

        if (to.Scope is not ModuleDefinition || to.Module != where.Module)
        {
            return; // another assembly: layering between projects is the project references' business
        }

        string ns = Namespace(to);
        if (ns == from || ns.Length == 0 || from.Length == 0)
        {
            return;
        }

        if (!_edges.TryGetValue(from, out Dictionary<string, string>? targets))
        {
            _edges[from] = targets = [];
        }

        targets.TryAdd(ns, $"{where.FullName} uses {to.FullName}");
    }
}
