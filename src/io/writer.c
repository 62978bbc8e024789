/* writer.c — writing events.
 *
 * JSON Lines (DESIGN.md contract): one object per event with id, article,
 * sentence, date, source{code,text,start,end}, target{...}|null, code, root,
 * quad, goldstein, plover, text, plus verb{text,start,end} and name.  Offsets
 * are byte offsets into the article text.  Written by hand (escaping only):
 * it is on the hot path and needs no parsing.
 *
 * TABARI: date (YYMMDD) TAB source TAB target TAB code TAB label TAB record id,
 * the columns TABARI writes with labels on and OUTPUT: ID.
 *
 * Phoenix: one tab-separated line per event with the 26 columns of the
 * Phoenix data set, in the order phoenix_pipeline's postprocess.py writes
 * them and the Phoenix readers (phoxy, the published column lists) name them:
 *
 *   1 EventID            dyad's event id, "<article>-<sentence>-<index>" (the
 *                        JSON "id"; Phoenix used a running number, read as text)
 *   2 Date               YYYYMMDD (empty when the article has no date)
 *   3 Year  4 Month  5 Day   "2023", "06", "28"
 *   6 SourceActorFull    the actor code, e.g. BLRGOV
 *   7 SourceActorEntity  its first three letters when they are a country
 *                        (ISO 3166-1 alpha-3 as Phoenix lists them) or IGO,
 *                        NGO, IMG, MNC; else empty
 *   8 SourceActorRole    letters 4-6 when they are one of GOV MIL REB OPP PTY
 *                        COP JUD SPY MED EDU BUS CRM CVL; else empty
 *   9 SourceActorAttribute  the rest in three-letter groups joined by ';'
 *                        (from letter 7 when there is a role, else from 4;
 *                        Phoenix's own split, kept exactly)
 *  10-13 TargetActorFull, TargetActorEntity, TargetActorRole,
 *                        TargetActorAttribute (all empty when no target)
 *  14 EventCode          CAMEO code, "036"
 *  15 EventRootCode      its first two digits, "03"
 *  16 QuadClass          Phoenix's five classes ("PentaClass"): 0 neutral
 *                        (roots 01-02), 1 verbal cooperation (03-05),
 *                        2 material cooperation (06-08), 3 verbal conflict
 *                        (09-13, 16), 4 material conflict (14-15, 17-20)
 *  17 GoldsteinScore     the code's Goldstein weight, "4.0"
 *  18 Issues             "CODE,n;CODE,n" (issues dictionary), else empty
 *  19 Lat  20 Lon  21 LocationName  22 StateName  23 CountryCode
 *                        empty (dyad does not geolocate yet)
 *  24 SentenceID         "<article>_<sentence>", sentences counted from 1 as
 *                        PETRARCH's story_id_sentence ids (the lede is _1)
 *  25 URLs               the article URL
 *  26 NewsSources        the article's source
 *
 * DY_OUT_PHOENIX adds three columns after these, the actor and event text
 * PETRARCH2 writes with WriteActorText / WriteEventText on:
 *  27 SourceActorText  28 TargetActorText  29 EventText (the verb)
 * DY_OUT_PHOENIX26 stops at column 26.  Tabs and line breaks inside any
 * field are written as spaces, so a line always has exactly its columns.
 */
#include "io/writer.h"
#include "dyad_internal.h"
#include "code/cameo.h"
#include <stdlib.h>
#include <string.h>

static void json_str(FILE *f, const char *s, size_t n) { dy_json_str(f, s, n, 0); }

/* sentence text with newlines folded to spaces, trimmed */
static void json_sentence(FILE *f, const char *s, size_t n) {
    char buf[4096];
    size_t o = 0;
    int sp = 0;
    putc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            if (!sp && o) buf[o++] = ' ';
            sp = 1;
        } else {
            sp = 0;
            if (c == '"' || c == '\\') buf[o++] = '\\', buf[o++] = (char)c;
            else if (c < 0x20) {
                o += (size_t)snprintf(buf + o, 8, "\\u%04x", c);
            } else buf[o++] = (char)c;
        }
        if (o > sizeof buf - 16) { fwrite(buf, 1, o, f); o = 0; }
    }
    while (o && buf[o - 1] == ' ') o--;
    fwrite(buf, 1, o, f);
    putc('"', f);
}

static void json_actor(FILE *f, const dyad_article *a, const dyad_actor *x) {
    fputs("{\"code\":", f);
    json_str(f, x->code, strlen(x->code));
    if (x->region) {
        fputs(",\"region\":", f);
        json_str(f, x->region, strlen(x->region));
    }
    const char *sector = dyad_actor_sector(x->code);
    if (sector[0]) {
        fputs(",\"sector\":", f);
        json_str(f, sector, strlen(sector));
    }
    fputs(",\"text\":", f);
    size_t s = x->start, e = x->end;
    if (e > a->text_len) e = a->text_len;
    if (s > e) s = e;
    json_str(f, a->text + s, e - s);
    fprintf(f, ",\"start\":%zu,\"end\":%zu}", s, e);
}

/* ------------------------------------------------------------ Phoenix */

/* The countries Phoenix recognises as an actor's entity: ISO 3166-1 alpha-3
 * less nine uninhabited territories (ATA ATF BVT CCK CXR HMD IOT SGS UMI),
 * plus SCG (Serbia and Montenegro); sorted for bsearch. */
static const char phx_countries[][4] = {
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATG", "AUS", "AUT", "AZE", "BDI",
    "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB",
    "BRN", "BTN", "BWA", "CAF", "CAN", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA", "ECU", "EGY", "ERI", "ESH",
    "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM", "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN",
    "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HND", "HRV", "HTI", "HUN",
    "IDN", "IMN", "IND", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ",
    "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA",
    "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP",
    "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD",
    "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK", "PRT",
    "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SCG", "SDN", "SEN", "SGP", "SHN", "SJM", "SLB",
    "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR", "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR",
    "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA",
    "UKR", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB",
    "ZWE",
};
static const char phx_roots[][4] = {"IGO", "IMG", "MNC", "NGO"};
static const char phx_roles[][4] = {"BUS", "COP", "CRM", "CVL", "EDU", "GOV", "JUD",
                                    "MED", "MIL", "OPP", "PTY", "REB", "SPY"};

static int cmp3(const void *a, const void *b) { return memcmp(a, b, 3); }

static int in_set(const char *code3, const char (*set)[4], size_t n) {
    return bsearch(code3, set, n, sizeof *set, cmp3) != NULL;
}

/* Phoenix quad class of a root 1..20, -1 if none. */
static int phx_quad(int root) {
    if (root < 1 || root > 20) return -1;
    if (root <= 2) return 0;
    if (root <= 5) return 1;
    if (root <= 8) return 2;
    if (root <= 13 || root == 16) return 3;
    return 4;
}

/* A field: control characters (tab, newline) become spaces, runs of blanks
 * fold to one, leading and trailing blanks are dropped. */
static void tsv_field(FILE *f, const char *s, size_t n) {
    int sp = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == ' ') {
            sp = 1;
            continue;
        }
        if (sp && any) putc(' ', f);
        sp = 0;
        any = 1;
        putc(c, f);
    }
}

static void tsv_str(FILE *f, const char *s) {
    if (s) tsv_field(f, s, strlen(s));
}

static void tsv_span(FILE *f, const dyad_article *a, size_t s, size_t e) {
    if (e > a->text_len) e = a->text_len;
    if (s > e) s = e;
    tsv_field(f, a->text + s, e - s);
}

/* Columns full, entity, role, attribute of one actor (code may be NULL). */
static void phx_actor(FILE *f, const char *code) {
    if (!code) {
        fputs("\t\t\t", f);
        return;
    }
    size_t n = strlen(code);
    char c3[4] = {0};
    tsv_str(f, code);
    putc('\t', f);
    if (n >= 3) {
        memcpy(c3, code, 3);
        if (in_set(c3, phx_countries, sizeof phx_countries / sizeof *phx_countries) ||
            in_set(c3, phx_roots, sizeof phx_roots / sizeof *phx_roots))
            tsv_field(f, code, 3);
    }
    putc('\t', f);
    int role = 0;
    if (n >= 6) {
        memcpy(c3, code + 3, 3);
        role = in_set(c3, phx_roles, sizeof phx_roles / sizeof *phx_roles);
        if (role) tsv_field(f, code + 3, 3);
    }
    putc('\t', f);
    if (n > 3) {
        for (size_t i = role ? 6 : 3, first = 1; i < n; i += 3, first = 0) {
            if (!first) putc(';', f);
            tsv_field(f, code + i, n - i < 3 ? n - i : 3);
        }
    }
}

int dy_write_event_phoenix_cols(FILE *f, const dyad_article *a, const dyad_event *e, int index, const char *issues,
                                int with_text) {
    /* 1 EventID */
    tsv_str(f, a->id);
    fprintf(f, "-%d-%d\t", e->sentence, index);
    /* 2-5 Date, Year, Month, Day */
    const char *d = a->date;
    if (strlen(d) == 10 && d[4] == '-' && d[7] == '-')
        fprintf(f, "%.4s%.2s%.2s\t%.4s\t%.2s\t%.2s\t", d, d + 5, d + 8, d, d + 5, d + 8);
    else
        fputs("\t\t\t\t", f);
    /* 6-13 actors */
    phx_actor(f, e->source.code);
    putc('\t', f);
    phx_actor(f, e->target.code);
    putc('\t', f);
    /* 14-17 EventCode, EventRootCode, QuadClass, GoldsteinScore */
    tsv_str(f, e->code);
    putc('\t', f);
    int root = dy_cameo_root(e->code);
    if (root > 0) fprintf(f, "%02d", root);
    putc('\t', f);
    if (phx_quad(root) >= 0) fprintf(f, "%d", phx_quad(root));
    putc('\t', f);
    const dyad_cameo *cm = dyad_cameo_lookup(e->code);
    if (!cm && root > 0) {
        char r[3] = {(char)('0' + root / 10), (char)('0' + root % 10), 0};
        cm = dyad_cameo_lookup(r);
    }
    if (cm) fprintf(f, "%.1f", cm->goldstein);
    putc('\t', f);
    /* 18 Issues; 19-23 location (none) */
    tsv_str(f, issues);
    fputs("\t\t\t\t\t\t", f);
    /* 24-26 SentenceID, URLs, NewsSources */
    tsv_str(f, a->id);
    fprintf(f, "_%d\t", e->sentence + 1);
    tsv_str(f, a->url);
    putc('\t', f);
    tsv_str(f, a->source);
    if (with_text) {
        /* 27-29 SourceActorText, TargetActorText, EventText */
        putc('\t', f);
        tsv_span(f, a, e->source.start, e->source.end);
        putc('\t', f);
        if (e->target.code) tsv_span(f, a, e->target.start, e->target.end);
        putc('\t', f);
        tsv_span(f, a, e->verb_start, e->verb_end);
    }
    putc('\n', f);
    return ferror(f) ? -1 : 0;
}

int dy_write_event_phoenix(FILE *f, const dyad_article *a, const dyad_event *e, int index, const char *issues) {
    return dy_write_event_phoenix_cols(f, a, e, index, issues, 1);
}

/* ------------------------------------------------------------ all formats */

int dy_write_events(FILE *f, int format, const dyad_article *a, const dyad_event *ev, int n) {
    return dy_write_events_ex(f, format, a, ev, n, NULL, NULL);
}

int dy_write_events_ex(FILE *f, int format, const dyad_article *a, const dyad_event *ev, int n,
                       void (*extra)(FILE *f, int index, void *ctx), void *ctx) {
    for (int i = 0; i < n; i++) {
        const dyad_event *e = &ev[i];
        if (format == DY_OUT_PHOENIX || format == DY_OUT_PHOENIX26) {
            dy_write_event_phoenix_cols(f, a, e, i, "", format == DY_OUT_PHOENIX);
            continue;
        }
        const dyad_cameo *cm = dyad_cameo_lookup(e->code);
        if (format == DY_OUT_TABARI) {
            char d6[7] = "000000";
            if (strlen(a->date) == 10) {
                memcpy(d6, a->date + 2, 2);
                memcpy(d6 + 2, a->date + 5, 2);
                memcpy(d6 + 4, a->date + 8, 2);
            }
            fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\n", d6, e->source.code, e->target.code ? e->target.code : "---", e->code,
                    cm ? cm->name : "", a->id);
            continue;
        }
        fputs("{\"id\":", f);
        char id[512];
        int k = snprintf(id, sizeof id, "%s-%d-%d", a->id, e->sentence, i);
        if (k < 0) k = 0;
        json_str(f, id, (size_t)k < sizeof id ? (size_t)k : sizeof id - 1);
        fputs(",\"article\":", f);
        json_str(f, a->id, strlen(a->id));
        fprintf(f, ",\"sentence\":%d,\"date\":", e->sentence);
        if (a->date[0]) json_str(f, a->date, strlen(a->date));
        else fputs("null", f);
        fputs(",\"source\":", f);
        json_actor(f, a, &e->source);
        fputs(",\"target\":", f);
        if (e->target.code) json_actor(f, a, &e->target);
        else fputs("null", f);
        fputs(",\"code\":", f);
        json_str(f, e->code, strlen(e->code));
        int root = dy_cameo_root(e->code);
        if (root >= 0) fprintf(f, ",\"root\":\"%02d\"", root);
        else fputs(",\"root\":null", f);
        if (cm) {
            fprintf(f, ",\"quad\":%d,\"goldstein\":%.1f,\"plover\":", cm->quad, cm->goldstein);
            json_str(f, cm->plover, strlen(cm->plover));
            fputs(",\"plover_mode\":", f);
            if (cm->plover_mode[0]) json_str(f, cm->plover_mode, strlen(cm->plover_mode));
            else fputs("null", f);
            fputs(",\"plover_context\":", f);
            if (cm->plover_context[0]) json_str(f, cm->plover_context, strlen(cm->plover_context));
            else fputs("null", f);
            fputs(",\"name\":", f);
            json_str(f, cm->name, strlen(cm->name));
        } else {
            fputs(",\"quad\":null,\"goldstein\":null,\"plover\":null", f);
        }
        size_t vs = e->verb_start, ve = e->verb_end;
        if (ve > a->text_len) ve = a->text_len;
        if (vs > ve) vs = ve;
        fputs(",\"verb\":{\"text\":", f);
        json_str(f, a->text + vs, ve - vs);
        fprintf(f, ",\"start\":%zu,\"end\":%zu}", vs, ve);
        fputs(",\"text\":", f);
        size_t ss = e->sent_start, se = e->sent_end;
        if (se > a->text_len) se = a->text_len;
        if (ss > se) ss = se;
        json_sentence(f, a->text + ss, se - ss);
        if (extra) extra(f, i, ctx);
        fputs("}\n", f);
    }
    return ferror(f) ? -1 : 0;
}
