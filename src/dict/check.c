/* check.c — `dyad dict check`: lint loaded dictionaries.
 *
 * Reported, each as "file:line: what":
 *  - a phrase entered twice (its codes were accumulated: intended in
 *    PETRARCH files, usually a slip in hand-written ones);
 *  - a phrase shadowed by another of the same kind with the same words in
 *    the same order (only connectors or exactness differ), so which one wins
 *    depends on file order;
 *  - event codes that are not CAMEO codes; actor codes that are not built
 *    from 3-letter groups starting with a country (ISO 3166-1, from the
 *    embedded iso-codes data) or a CAMEO prefix (IGO, NGO, IMG, MNC, WST...);
 *  - people without date ranges: an entry with a role code (XXXGOV, XXXELI,
 *    XXXOPP) for a multi-word name, undated;
 *  - two people tagged with one office ("; ... office=BLR-president" in the
 *    entry's comment, dyad's own tag) whose terms overlap.
 */
#include "dict/dict.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const PREFIX[] = {"IGO", "NGO", "NGM", "IMG", "MNC", "WST", "EUR", "AFR", "ASA", "MEA", "NAF",
                                     "SAS", "SEA", "LAM", "CAR", "BLK", "BAL", "CAS", "EAF", "WAF", "SAF", "CAU",
                                     "NMR", "ARB", "UIS", "EEC", "SCN", "NAM", "OCE", "CRB", "MDE", "PGS", "BAF", "SAM", "EEU", "WEU",
                                     "CEU", "CFR", "EIN", "MDT",
                                     "---", "KOS", "USR", "YUG", "CSK", "DDR", "SCG", "ANT", "###", "+++", NULL};

static int iso3(const char *c) {
    static char list[1500];
    static int init;
    if (!init) { /* alpha-3 codes from the generated ISO 3166-1 actors */
        init = 1;
        size_t o = 0;
        for (const struct dy_data_file *f = dy_data_files; f->name; f++) {
            if (!strstr(f->name, "iso3166")) continue;
            for (const char *p = f->bytes; (p = strstr(p, "\t[")) && o + 4 < sizeof list; p += 2) {
                memcpy(list + o, p + 2, 3);
                o += 3;
            }
        }
        list[o] = 0;
    }
    for (const char *p = list; *p; p += 3)
        if (!strncmp(p, c, 3)) return 1;
    return 0;
}

static int valid_actor_code(const char *c) {
    if (!strcmp(c, "---") || !strcmp(c, "###") || !strcmp(c, "+++")) return 1;
    char buf[128];
    snprintf(buf, sizeof buf, "%.*s", (int)strcspn(c, "@"), c); /* "RUS@RU-BA": the region is an attribute */
    for (char *part = strtok(buf, "/"); part; part = strtok(NULL, "/")) {
        size_t n = strlen(part);
        if (part[0] == '~' || (n && part[n - 1] == '~')) continue; /* agent codes */
        if (n < 3 || n % 3) return 0;
        for (size_t i = 0; i < n; i++)
            if (!isupper((unsigned char)part[i]) && !isdigit((unsigned char)part[i]) && part[i] != '-') return 0;
        int ok = iso3(part);
        for (int i = 0; PREFIX[i] && !ok; i++) ok = !strncmp(part, PREFIX[i], 3);
        if (!ok) return 0;
    }
    return 1;
}

/* words that make a phrase an institution or a role, not a person */
static int institutional(const dy_phrase *ph) {
    static const char *const W[] = {"president", "vice", "leader", "leaders", "government", "governments",
        "administration", "official", "officials", "authorities", "authority", "secretary", "diplomat",
        "diplomats", "envoy", "ambassador", "embassy", "department", "treasury", "negotiator", "delegation",
        "adviser", "advisor", "bank", "reserve", "party", "palace", "street", "office", "house", "kremlin",
        "capitals", "ministry", "minister", "council", "cabinet", "parliament", "regional", "national",
        "father", "number", "state", "quai", "kurdistan", "court", "army", "forces", "command", "agency", "service", NULL};
    for (int i = 0; i < ph->n; i++)
        for (int k = 0; W[k]; k++)
            if (ph->el[i].word && !strcmp(ph->el[i].word, W[k])) return 1;
    return 0;
}

static int valid_event_code(const char *c) {
    return !c || !strcmp(c, "---") || !strcmp(c, "###") || !strcmp(c, "+++") || dyad_cameo_lookup(c) != NULL;
}

static void words_key(const dy_phrase *ph, char *out, size_t cap) {
    size_t o = 0;
    for (int i = 0; i < ph->n && o + 2 < cap; i++) {
        int k = snprintf(out + o, cap - o, "%s ", ph->el[i].word ? ph->el[i].word : "?");
        if (k < 0 || (size_t)k >= cap - o) break;
        o += (size_t)k;
    }
    out[o] = 0;
}

int dy_dict_check(const dyad_dict *d, FILE *out) {
    int n = 0;
    for (size_t i = 0; i < d->ndups; i++) {
        const dy_root *r = &d->roots[d->dups[i].root];
        if (strstr(d->dups[i].file, "-zz-")) continue; /* generated names overlap hand-written ones by design */
        fprintf(out, "%s:%d: '%s' repeats the phrase of %s:%d (codes accumulated)\n", d->dups[i].file,
                d->dups[i].line, r->name, r->file, r->line);
        n++;
    }
    /* shadowed: same words, same kind, in one slot */
    for (uint32_t s = 0; s < d->nslots; s++) {
        const dy_slot *sl = &d->slots[s];
        for (int a = 0; a < sl->nroots; a++)
            for (int b = a + 1; b < sl->nroots; b++) {
                const dy_root *x = &d->roots[sl->roots[a]], *y = &d->roots[sl->roots[b]];
                if (x->type != y->type || x->ph.n != y->ph.n || x->type == RT_VERB) continue;
                char kx[512], ky[512];
                words_key(&x->ph, kx, sizeof kx);
                words_key(&y->ph, ky, sizeof ky);
                if (strcmp(kx, ky)) continue;
                const char *cx = x->ncodes ? x->codes[0].code : "", *cy = y->ncodes ? y->codes[0].code : "";
                if (!strcmp(cx, cy)) continue; /* same meaning: harmless */
                fprintf(out, "%s:%d: '%s' [%s] and %s:%d '%s' [%s] differ only in connectors: the first wins\n", x->file,
                        x->line, x->name, cx, y->file, y->line, y->name, cy);
                n++;
            }
    }
    for (int i = 0; i < d->nroots; i++) {
        const dy_root *r = &d->roots[i];
        if (r->type == RT_ACTOR || r->type == RT_AGENT) {
            int dated = 0, role = 0;
            for (int k = 0; k < r->ncodes; k++) {
                const char *c = r->codes[k].code;
                if (!valid_actor_code(c)) {
                    fprintf(out, "%s:%d: '%s': '%s' is not a CAMEO actor code\n", r->file, r->line, r->name, c);
                    n++;
                }
                if (r->codes[k].lo || r->codes[k].hi) dated = 1;
                size_t cl = strlen(c);
                if (cl == 6 && (!strcmp(c + 3, "GOV") || !strcmp(c + 3, "ELI") || !strcmp(c + 3, "OPP"))) role = 1;
            }
            if (r->type == RT_ACTOR && role && !dated && r->ph.n >= 2 && r->ncodes == 1 && !institutional(&r->ph) &&
                !strcmp(r->codes[0].code + 3, "GOV")) {
                fprintf(out, "%s:%d: '%s': a person coded %s without a date range?\n", r->file, r->line, r->name,
                        r->codes[0].code);
                n++;
            }
        }
        if (r->type == RT_VERB && r->verb && !r->verb->share && r->ph.el[0].word) {
            const dy_verb *v = r->verb;
            if (!valid_event_code(v->code) || !valid_event_code(v->code2)) {
                fprintf(out, "%s:%d: '%s': '%s' is not a CAMEO event code\n", r->file, r->line, r->name,
                        !valid_event_code(v->code) ? v->code : v->code2);
                n++;
            }
        }
    }
    /* one office, two holders at once: entries tagged office=NAME whose
     * GOV ranges overlap by more than a boundary day */
    for (int i = 0; i < d->nroots; i++) {
        const dy_root *a = &d->roots[i];
        if (!a->office) continue;
        for (int j = i + 1; j < d->nroots; j++) {
            const dy_root *b = &d->roots[j];
            if (!b->office || strcmp(a->office, b->office)) continue;
            for (int x = 0; x < a->ncodes; x++)
                for (int y = 0; y < b->ncodes; y++) {
                    const dy_code *p = &a->codes[x], *q = &b->codes[y];
                    size_t pl = strlen(p->code), ql = strlen(q->code);
                    if (!(p->lo || p->hi) || !(q->lo || q->hi)) continue;
                    if (pl < 6 || ql < 6 || strcmp(p->code + 3, "GOV") || strcmp(q->code + 3, "GOV")) continue;
                    int plo = p->lo, phi = p->hi ? p->hi : 99999999, qlo = q->lo, qhi = q->hi ? q->hi : 99999999;
                    if (plo < qhi && qlo < phi) {
                        fprintf(out, "%s:%d: '%s' and %s:%d '%s' both hold office %s at once (%d-%d, %d-%d)\n",
                                a->file, a->line, a->name, b->file, b->line, b->name, a->office, plo, phi, qlo, qhi);
                        n++;
                    }
                }
        }
    }
    /* pattern codes, once per verb that owns patterns */
    for (size_t i = 0; i < d->nowned; i++) {
        const dy_verb *v = d->owned[i];
        const char *file = "?";
        for (int r = 0; r < d->nroots; r++) /* the file of a verb that uses these patterns */
            if (d->roots[r].verb == v || (d->roots[r].verb && d->roots[r].verb->share == v)) {
                file = d->roots[r].file;
                break;
            }
        for (int k = 0; k < v->npat; k++)
            if (!valid_event_code(v->pat[k].code) || !valid_event_code(v->pat[k].code2)) {
                fprintf(out, "%s:%d: pattern code '%s' is not a CAMEO event code\n", file, v->pat[k].line,
                        !valid_event_code(v->pat[k].code) ? v->pat[k].code : v->pat[k].code2);
                n++;
            }
    }
    return n;
}
