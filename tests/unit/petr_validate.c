/* petr_validate.c — unit tests for the PETRARCH validation runner
 * (dy_validate_petr) on a small validation file and dictionaries written
 * here, in TABARI syntax, into a temporary directory: expected events,
 * noevents and error records, <Include>/<Exclude>, records without
 * expectations, a malformed record, <Config> (known and unknown options),
 * <Stop>, `all`, and exit status 3 when a dictionary cannot be loaded.
 * Exit 0 when all checks pass, 1 otherwise. */
#include "code/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static char dir[256];

static void write_file(const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f)) {
        perror(path);
        exit(1);
    }
}

/* Run the validator on dir/name; the output goes to out (malloc'd). */
static int run(const char *name, int all, int verbose, char **out) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = tmpfile();
    if (!f) exit(1);
    int rc = dy_validate_petr(path, f, all, verbose);
    long n = ftell(f);
    rewind(f);
    *out = calloc(1, (size_t)(n > 0 ? n : 0) + 1);
    if (!*out) exit(1);
    if (n > 0 && fread(*out, 1, (size_t)n, f) != (size_t)n) exit(1);
    fclose(f);
    return rc;
}

static const char *last_line(const char *s) {
    size_t n = strlen(s);
    while (n && s[n - 1] == '\n') n--;
    while (n && s[n - 1] != '\n') n--;
    return s + n;
}

static const char actors[] = "FREEDONIA [FRE]\n"
                             "SYLVANIA [SYL]\n"
                             "ARNOR [ARN]\n";
static const char agents[] = "MINISTER_ [~GOV]\n";
static const char verbs[] = "CONDEMN_ [111]\n"
                            "{ CONDEMNED_ CONDEMNS_ }\n"
                            "PRAISE_ [051]\n"
                            "{ PRAISED_ PRAISES_ }\n";
static const char discards[] = "# sentence-level discards\nFOOTBALL MATCH\n";

static const char xml[] =
    "<Validation>\n"
    "<Environment>\n"
    "  <Verbfile>t.verbs</Verbfile>\n"
    "  <Actorfile>t.actors</Actorfile>\n"
    "  <Agentfile>t.agents</Agentfile>\n"
    "  <Discardfile>t.discards</Discardfile>\n"
    "  <Include>DEMO STORY ERROR</Include>\n"
    "  <Exclude>STORY-OFF</Exclude>\n"
    "  <Config option=\"stop_on_error\" value=\"True\"></Config>\n"
    "</Environment>\n"
    "<Sentences>\n"
    "<Config option=\"comma_max\" value=\"8\"></Config>\n"
    "<Sentence date=\"19950101\" id=\"PASS-1\" category=\"DEMO\" sentence=\"true\">\n"
    "<EventCoding sourcecode=\"FRE\" targetcode=\"SYL\" eventcode=\"111\"></EventCoding>\n"
    "<Text>Freedonia condemned Sylvania.</Text>\n"
    "<Parse>(ROOT (S (NP (NNP Freedonia)) (VP (VBD condemned) (NP (NNP Sylvania)))))</Parse>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"FAIL-1\" category=\"DEMO\" sentence=\"true\">\n"
    "<EventCoding sourcecode=\"SYL\" targetcode=\"FRE\" eventcode=\"111\"></EventCoding>\n"
    "<Text>Freedonia condemned Sylvania.</Text>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"OTHER-1\" category=\"OTHER\" sentence=\"true\">\n"
    "<EventCoding sourcecode=\"SYL\" targetcode=\"FRE\" eventcode=\"051\"></EventCoding>\n"
    "<Text>Sylvania praised Freedonia.</Text>\n"
    "</Sentence>\n"
    "<Config option=\"new_actor_length\" value=\"4\"></Config>\n"
    "<Sentence date=\"19950101\" id=\"NOEV-1\" category=\"DEMO\" sentence=\"true\">\n"
    "<EventCoding noevents = \"True\"></EventCoding>\n"
    "<Text>The weather was mild in the capital on Monday.</Text>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"ERR-1\" category=\"ERROR\" sentence=\"true\">\n"
    "<EventCoding error=\"dateline\"></EventCoding>\n"
    "<Text>The weather was mild on Tuesday.</Text>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"STORY-1\" category=\"STORY\" sentence=\"false\">\n"
    "<EventCoding sourcecode=\"FRE\" targetcode=\"SYL\" eventcode=\"111\"></EventCoding>\n"
    "<EventCoding sourcecode=\"SYL\" targetcode=\"ARN\" eventcode=\"051\"></EventCoding>\n"
    "<Text>Freedonia condemned Sylvania on Monday.\n\nSylvania praised Arnor on Tuesday.</Text>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"STORY-OFF-1\" category=\"STORY-OFF\" sentence=\"true\">\n"
    "<EventCoding sourcecode=\"XXX\" targetcode=\"YYY\" eventcode=\"999\"></EventCoding>\n"
    "<Text>Freedonia condemned Sylvania.</Text>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"NOEXP-1\" category=\"DEMO\" sentence=\"true\">\n"
    "<Text>Freedonia condemned Sylvania.</Text>\n"
    "</Sentence>\n"
    "<Sentence date=\"1995\" id=\"BROKEN-1\" category=\"DEMO\" sentence=\"true\">\n"
    "<EventCoding noevents=\"true\"></EventCoding>\n"
    "<Text>Bad date.</Text>\n"
    "</Sentence>\n"
    "<Stop></Stop>\n"
    "<Sentence date=\"19950101\" id=\"AFTER-STOP\" category=\"DEMO\" sentence=\"true\">\n"
    "<EventCoding sourcecode=\"ARN\" targetcode=\"ARN\" eventcode=\"999\"></EventCoding>\n"
    "<Text>Freedonia condemned Sylvania.</Text>\n"
    "</Sentence>\n"
    "</Sentences>\n"
    "</Validation>\n";

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/dyad-petr-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    write_file("t.actors", actors);
    write_file("t.agents", agents);
    write_file("t.verbs", verbs);
    write_file("t.discards", discards);
    write_file("t.xml", xml);

    char *out;
    int rc = run("t.xml", 0, 0, &out);
    CHECK(rc == 1, "some failed: exit 1, got %d", rc);
    CHECK(!strcmp(last_line(out), "4 passed, 2 failed\n"), "summary: got \"%s\"", last_line(out));
    CHECK(strstr(out, "FAIL FAIL-1: expected {SYL/FRE/111}; got {FRE/SYL/111}\n") != NULL, "FAIL-1 line:\n%s", out);
    CHECK(strstr(out, "FAIL ") && strstr(out, "record BROKEN-1: invalid date"), "malformed record reported:\n%s", out);
    CHECK(strstr(out, "PASS-1") == NULL && strstr(out, "STORY-1") == NULL && strstr(out, "NOEV-1") == NULL &&
              strstr(out, "ERR-1") == NULL,
          "passing records are not listed:\n%s", out);
    CHECK(strstr(out, "AFTER-STOP") == NULL, "<Stop> ends the run");
    CHECK(strstr(out, "(2 records skipped by <Include>/<Exclude>; 1 records with no <EventCoding> not scored; "
                      "1 malformed records counted as failed; stopped at <Stop>)\n") != NULL,
          "counts line:\n%s", out);
    CHECK(strstr(out, "new_actor_length") == NULL, "unknown options only noted in verbose mode");
    free(out);

    rc = run("t.xml", 0, 1, &out);
    CHECK(rc == 1, "verbose: exit 1");
    CHECK(strstr(out, "note: <Config option=\"new_actor_length\"> is not used by dyad; ignored\n") != NULL,
          "verbose notes an unknown option:\n%s", out);
    const char *s1 = strstr(out, "stop_on_error");
    CHECK(s1 && !strstr(s1 + 1, "stop_on_error"), "each unknown option is listed once");
    CHECK(strstr(out, "ok PASS-1\n") != NULL, "verbose lists passes");
    free(out);

    /* all: every category, past <Stop> */
    rc = run("t.xml", 1, 0, &out);
    CHECK(!strcmp(last_line(out), "5 passed, 4 failed\n"), "all: got \"%s\"", last_line(out));
    CHECK(strstr(out, "FAIL AFTER-STOP:") != NULL && strstr(out, "FAIL STORY-OFF-1:") != NULL,
          "all: later and excluded records scored:\n%s", out);
    free(out);

    /* an error record that codes an event fails */
    write_file("e.xml", "<Validation><Environment><Verbfile>t.verbs</Verbfile><Actorfile>t.actors</Actorfile>"
                        "</Environment><Sentences>\n"
                        "<Sentence date=\"19950101\" id=\"E\" sentence=\"true\"><EventCoding error=\"bad_input_parse\"/>"
                        "<Text>Freedonia condemned Sylvania.</Text></Sentence>\n"
                        "</Sentences></Validation>\n");
    rc = run("e.xml", 0, 0, &out);
    CHECK(rc == 1 && strstr(out, "FAIL E: expected {}; got {FRE/SYL/111} (error record: bad_input_parse)\n"),
          "error record with an event:\n%s", out);
    CHECK(!strcmp(last_line(out), "0 passed, 1 failed\n"), "e.xml summary: %s", last_line(out));
    free(out);

    /* a <Config> comma option before any record and one between records do not break the run */
    write_file("c.xml", "<Validation><Environment><Verbfile>t.verbs</Verbfile><Actorfile>t.actors</Actorfile>"
                        "<Config option=\"comma_min\" value=\"2\"/></Environment><Sentences>\n"
                        "<Config option=\"comma_max\" value=\"x\"/>\n"
                        "<Sentence date=\"19950101\" id=\"C1\"><EventCoding sourcecode=\"FRE\" targetcode=\"SYL\" "
                        "eventcode=\"111\"/><Text>Freedonia condemned Sylvania.</Text></Sentence>\n"
                        "<Config option=\"comma_emax\" value=\"0\"/>\n"
                        "<Sentence date=\"19950101\" id=\"C2\"><EventCoding sourcecode=\"FRE\" targetcode=\"SYL\" "
                        "eventcode=\"111\"/><Text>Freedonia condemned Sylvania.</Text></Sentence>\n"
                        "</Sentences></Validation>\n");
    rc = run("c.xml", 0, 1, &out);
    CHECK(rc == 0 && !strcmp(last_line(out), "2 passed, 0 failed\n"), "configs: rc %d, %s", rc, last_line(out));
    CHECK(strstr(out, "value=\"x\">: not a count; ignored") != NULL, "a bad value is noted:\n%s", out);
    free(out);

    /* dictionaries that cannot be loaded: exit 3, nothing scored */
    write_file("m.xml", "<Validation><Environment><Verbfile>missing.verbs</Verbfile><Actorfile>t.actors</Actorfile>"
                        "</Environment><Sentences><Sentence date=\"19950101\" id=\"M\"><EventCoding noevents=\"true\"/>"
                        "<Text>x</Text></Sentence></Sentences></Validation>\n");
    fprintf(stderr, "(a message about missing.verbs is expected next)\n");
    rc = run("m.xml", 0, 0, &out);
    CHECK(rc == 3, "missing dictionary: exit 3, got %d", rc);
    CHECK(strstr(out, "passed") == NULL, "no summary when the dictionaries do not load");
    free(out);
    write_file("n.xml", "<Sentences><Sentence date=\"19950101\" id=\"N\"><Text>x</Text></Sentence></Sentences>\n");
    fprintf(stderr, "(a message about no dictionaries is expected next)\n");
    rc = run("n.xml", 0, 0, &out);
    CHECK(rc == 3, "no <Environment>: exit 3, got %d", rc);
    free(out);
    rc = run("does-not-exist.xml", 0, 0, &out);
    CHECK(rc == 3, "missing file: exit 3, got %d", rc);
    free(out);

    static const char *const files[] = {"t.actors", "t.agents", "t.verbs", "t.discards", "t.xml",
                                        "e.xml",    "c.xml",    "m.xml",   "n.xml"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    printf("petr_validate: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
