#!/usr/bin/env python3
"""Generates large scenarios for measuring `jigsaw check` (see docs/performance.md).

    generate-scenario.py observations OUT_DIR            20 scenes x 4 observations, 10 flags, 2 meters 0-10
    generate-scenario.py chain N OUT_DIR                 a line of N scenes
    generate-scenario.py dag N OUT_DIR                   N scenes, each choice leads 1-3 scenes on
    generate-scenario.py dimensions N OUT_DIR            12 observations scoring N dimensions
    generate-scenario.py flags N OUT_DIR                 N independent flags set early, all read at the end

Each writes OUT_DIR/<family>.ron (and OUT_DIR/rubric.ron for `dimensions`). The stories are
deterministic (seeded) so figures can be compared between versions.
"""
import os
import random
import sys


def pieces(n):
    """One piece per five scenes, up to the 1,000 a scenario may have (before that limit the
    50,000-scene stories had 10,000)."""
    return min(max(1, n // 5), 1000)


HEAD = 'Scenario(id: "{id}", title: "{id}", role: "Generated", summary: "Generated for measurement.", content_note: "Generated. You can pause or leave at any time.",\n'
DIMS = ["authority", "care", "curiosity", "child-focus", "other-adults", "multi-agency", "recording"]


def endings():
    return ('endings: [Ending(id: "good", title: "Good", text: "e", kind: Good), '
            'Ending(id: "mixed", title: "Mixed", text: "e", kind: Mixed), '
            'Ending(id: "poor", title: "Poor", text: "e", kind: Poor)])\n')


def score(rng):
    a, b = rng.sample(DIMS, 2)
    return '{"%s": %d, "%s": %d}' % (a, rng.randint(-2, 3), b, rng.randint(-2, 2))


def observations_family():
    """20 scenes, 4 optional observations each (a piece or a flag), 10 flags each read
    two scenes after it is set, engagement and trust meters 0-10 read along the way."""
    rng = random.Random(7)
    out = [HEAD.format(id="observations")]
    out.append("pieces: [" + ", ".join('Piece(id: "p%d", title: "P%d", source: "s%d")' % (i, i, i % 3) for i in range(40)) + "],\n")
    out.append('meters: [Meter(id: "engagement", start: 5, min: 0, max: 10), Meter(id: "trust", start: 5, min: 0, max: 10)],\n')
    out.append("flags: [" + ", ".join('"f%d"' % i for i in range(10)) + "],\nscenes: [\n")
    piece = 0
    for s in range(20):
        obs = []
        for o in range(4):
            flag = s // 2 if s % 2 == 0 and o == 0 else None
            if flag is not None and flag < 10:
                obs.append('Observation(id: "o%d", label: "l", text: "t", minutes: 5, set: ["f%d"], score: %s, meters: {"trust": 1})' % (o, flag, score(rng)))
            else:
                obs.append('Observation(id: "o%d", label: "l", text: "t", minutes: 5, reveals: ["p%d"], score: %s)' % (o, piece % 40, score(rng)))
                piece += 1
        nxt = '"s%d"' % (s + 1) if s < 19 else None
        choices = []
        if nxt:
            read = s - 2
            when = ''
            if read >= 0 and read % 2 == 0 and read // 2 < 10:
                when = ', when: Flag("f%d")' % (read // 2)
            choices.append('Choice(feedback: "f", text: "warm", score: %s, meters: {"engagement": 1}, next: %s%s)' % (score(rng), nxt, when))
            choices.append('Choice(feedback: "f", text: "firm", score: %s, meters: {"engagement": -1}, next: %s)' % (score(rng), nxt))
            choices.append('Choice(feedback: "f", text: "careful", score: %s, when: AtLeast("engagement", %d), next: %s)' % (score(rng), rng.randint(3, 7), nxt))
        else:
            choices.append('Choice(feedback: "f", text: "share", score: %s, when: All([AtLeast("engagement", 6), AtLeast("trust", 8)]), next: "good")' % score(rng))
            choices.append('Choice(feedback: "f", text: "note", score: %s, when: AtLeast("trust", 4), next: "mixed")' % score(rng))
            choices.append('Choice(feedback: "f", text: "leave", score: %s, next: "poor")' % score(rng))
        out.append('Scene(id: "s%d", text: "t", observations: [%s], choices: [%s]),\n' % (s, ", ".join(obs), ", ".join(choices)))
    out.append("],\n" + endings())
    return "".join(out)


def line_family(n, dag):
    """N scenes; each has an observation and 2-3 choices. In a chain every choice leads to
    the next scene; in a DAG choices jump 1-3 scenes on. Flags are set and read two scenes
    later; an engagement meter is tested now and then."""
    rng = random.Random(n)
    fam = "dag" if dag else "chain"
    out = [HEAD.format(id=fam)]
    flags = max(1, n // 10)
    out.append("pieces: [" + ", ".join('Piece(id: "p%d", title: "P", source: "s%d")' % (i, i % 3) for i in range(pieces(n))) + "],\n")
    out.append('meters: [Meter(id: "engagement", start: 5, min: 0, max: 10)],\n')
    out.append("flags: [" + ", ".join('"f%d"' % i for i in range(flags)) + "],\nscenes: [\n")
    for s in range(n):
        def target(k):
            # The first choice always leads on one scene, so every scene is reachable.
            t = s + (rng.randint(1, 3) if dag and k else 1)
            return '"s%d"' % t if t < n else '"%s"' % ["good", "mixed", "poor"][k % 3]
        obs = 'Observation(id: "look", label: "l", text: "t", minutes: 2, reveals: ["p%d"], score: {"curiosity": 1})' % (s // 5 % pieces(n))
        choices = []
        setf = ', set: ["f%d"]' % (s // 10) if s % 10 == 0 else ''
        choices.append('Choice(feedback: "f", text: "a", score: %s%s, meters: {"engagement": 1}, next: %s)' % (score(rng), setf, target(0)))
        choices.append('Choice(feedback: "f", text: "b", score: %s, meters: {"engagement": -1}, next: %s)' % (score(rng), target(1)))
        if s % 10 == 2 and s >= 2:
            choices.append('Choice(feedback: "f", text: "c", score: %s, when: Flag("f%d"), next: %s)' % (score(rng), s // 10, target(2)))
        elif s % 7 == 3:
            choices.append('Choice(feedback: "f", text: "c", score: %s, when: AtLeast("engagement", 6), next: %s)' % (score(rng), target(2)))
        out.append('Scene(id: "s%d", text: "t", observations: [%s], choices: [%s]),\n' % (s, obs, ", ".join(choices)))
    out.append("],\n" + endings())
    return "".join(out)


def dimensions_family(n):
    """One scene with 12 observations, each scoring every one of N dimensions."""
    rng = random.Random(n)
    dims = ["d%d" % i for i in range(n)]
    out = [HEAD.format(id="dimensions")]
    out.append("scenes: [Scene(id: \"s\", text: \"t\", observations: [")
    for o in range(12):
        sc = ", ".join('"%s": %d' % (d, rng.randint(-2, 2)) for d in dims)
        out.append('Observation(id: "o%d", label: "l", text: "t", score: {%s}),' % (o, sc))
    out.append("], choices: [Choice(text: \"end\", score: {%s}, next: \"good\")])],\n" % ", ".join('"%s": 1' % d for d in dims))
    out.append(endings())
    rubric = ["Rubric(dimensions: ["]
    rubric += ['Dimension(id: "%s", name: "%s", description: "g"),' % (d, d) for d in dims]
    rubric.append('], grid: Grid(care: "d0", authority: "d1"), concepts: [])\n')
    return "".join(out), "".join(rubric)


def flags_family(n):
    """N flags, each set by its own observation in the first scene and read at the end."""
    out = [HEAD.format(id="flags")]
    out.append("flags: [" + ", ".join('"f%d"' % i for i in range(n)) + "],\nscenes: [\n")
    obs = ", ".join('Observation(id: "o%d", label: "l", text: "t", set: ["f%d"], score: {"curiosity": 1})' % (i, i) for i in range(n))
    out.append('Scene(id: "start", text: "t", observations: [%s], choices: [Choice(feedback: "f", text: "on", score: {"care": 1, "authority": 1}, next: "end")]),\n' % obs)
    reads = ", ".join('Choice(feedback: "f", text: "c%d", score: {"authority": 1}, when: Flag("f%d"), next: "good")' % (i, i) for i in range(n))
    out.append('Scene(id: "end", text: "t", choices: [%s, Choice(feedback: "f", text: "none", score: {"care": -1}, next: "poor")]),\n' % reads)
    out.append("],\n" + endings())
    return "".join(out)


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    family, rest = args[0], args[1:]
    out_dir = rest[-1]
    os.makedirs(out_dir, exist_ok=True)
    if family == "observations":
        text = observations_family()
    elif family in ("chain", "dag"):
        text = line_family(int(rest[0]), family == "dag")
    elif family == "dimensions":
        text, rubric = dimensions_family(int(rest[0]))
        with open(os.path.join(out_dir, "rubric.ron"), "w") as f:
            f.write(rubric)
    elif family == "flags":
        text = flags_family(int(rest[0]))
    else:
        sys.exit(__doc__)
    with open(os.path.join(out_dir, family + ".ron"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
