using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Definitions;

/// <summary>The steps of a journey: requests, conditions, extracted values used by later steps, polling, cleanup.</summary>
public static class JourneyStepParser
{
    public static List<JourneyStep> Parse(List<StepDocument>? steps, ValidationErrors errors)
    {
        var result = new List<JourneyStep>();
        if (steps is not { Count: > 0 } || steps.Count > 20)
        {
            errors.Add("steps", "a journey needs 1 to 20 steps");
            return result;
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var field = $"steps[{i}]";
            var name = string.IsNullOrWhiteSpace(step.Name) ? $"step {i + 1}" : step.Name.Trim();
            var request = ProbeDefinitionParser.ParseRequest(step.Request, $"{field}.request", errors, known);
            var conditions = ProbeDefinitionParser.ParseConditions(step.Conditions, $"{field}.conditions", errors);

            var extract = new Dictionary<string, Condition>(StringComparer.Ordinal);
            foreach (var (variable, expression) in step.Extract ?? [])
            {
                if (!ProbeDefinitionParser.VariablePattern().IsMatch(variable) || Templates.BuiltIns.Contains(variable))
                {
                    errors.Add($"{field}.extract", $"'{variable}' is not a usable name: letters, digits and '_', not uuid or timestamp");
                }
                else if (!Condition.TryParse($"{expression} != \"\"", out var reader, out _) || reader!.Left is not Operand.Value)
                {
                    errors.Add($"{field}.extract.{variable}", $"'{expression}' is not a placeholder such as [BODY].id or [HEADER].Location");
                }
                else
                {
                    extract[variable] = reader;
                }
            }

            PollSpec? poll = null;
            if (step.Poll is { } pollDocument)
            {
                Condition? until = null;
                if (!Condition.TryParse(pollDocument.Until, out until, out var error))
                {
                    errors.Add($"{field}.poll.until", $"condition '{pollDocument.Until}' is invalid: {error}");
                }

                var every = ProbeDefinitionParser.ParseDuration(pollDocument.Every, $"{field}.poll.every", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), errors);
                var deadline = ProbeDefinitionParser.ParseDuration(pollDocument.Deadline, $"{field}.poll.deadline", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), errors);
                if (deadline < every)
                {
                    errors.Add($"{field}.poll.deadline", "must be at least as long as poll.every");
                }

                if (until is not null)
                {
                    poll = new PollSpec(until, every, deadline);
                }
            }

            // Later steps may use what this one extracts.
            known.UnionWith(extract.Keys);
            if (request is not null)
            {
                result.Add(new JourneyStep(name, request, conditions, extract, poll, step.AlwaysRun ?? false));
            }
        }

        return result;
    }
}
