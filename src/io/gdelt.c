/* gdelt.c — GDELT 2.0 Event and GKG 2.1 writers (see gdelt.h).
 *
 * Event 2.0, 61 columns:
 *   1 GLOBALEVENTID  2 SQLDATE  3 MonthYear  4 Year  5 FractionDate
 *   6-15  Actor1 Code, Name, CountryCode, KnownGroupCode, EthnicCode,
 *         Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code
 *   16-25 Actor2 (the same ten)
 *   26 IsRootEvent  27 EventCode  28 EventBaseCode  29 EventRootCode
 *   30 QuadClass  31 GoldsteinScale  32 NumMentions  33 NumSources
 *   34 NumArticles  35 AvgTone
 *   36-43 Actor1Geo Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat,
 *         Long, FeatureID
 *   44-51 Actor2Geo (the same eight)  52-59 ActionGeo (the same eight)
 *   60 DATEADDED (YYYYMMDDHHMMSS, UTC)  61 SOURCEURL
 * Geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state
 * (first-order subdivision); a named region with its own point ("Urals") is
 * a 4 whose FeatureID is its name.  Country codes are FIPS 10-4; ADM1 codes
 * are FIPS country + FIPS subdivision ("RS08"), for US states the postal code
 * ("USTX").  Actor geo: the actor's region when the coder found one (RU-BA),
 * else its country.  IsRootEvent: the event is in the article's first
 * paragraph.  One article gives NumSources = NumArticles = 1.
 *
 * GKG 2.1, 27 columns:
 *   1 GKGRECORDID  2 V2.1DATE  3 V2SOURCECOLLECTIONIDENTIFIER (1 = web)
 *   4 V2SOURCECOMMONNAME  5 V2DOCUMENTIDENTIFIER  6 V1COUNTS  7 V2.1COUNTS
 *   8 V1THEMES  9 V2ENHANCEDTHEMES  10 V1LOCATIONS  11 V2ENHANCEDLOCATIONS
 *   12 V1PERSONS  13 V2ENHANCEDPERSONS  14 V1ORGANIZATIONS
 *   15 V2ENHANCEDORGANIZATIONS  16 V1.5TONE  17 V2.1ENHANCEDDATES  18 V2GCAM
 *   19 V2.1SHARINGIMAGE  20 V2.1RELATEDIMAGES  21 V2.1SOCIALIMAGEEMBEDS
 *   22 V2.1SOCIALVIDEOEMBEDS  23 V2.1QUOTATIONS  24 V2.1ALLNAMES
 *   25 V2.1AMOUNTS  26 V2.1TRANSLATIONINFO  27 V2EXTRASXML
 * Counts (GDELT's KILL/ARREST/... categories) are left empty: dyad's amounts
 * go to V2.1AMOUNTS ("amount,object,offset;").  Quotations are
 * "offset|length|verb|quote" joined by '#'. */
#include "io/gdelt.h"
#include "code/cameo.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* a field: tabs, newlines and the inner delimiters become spaces */
static void fld(FILE *f, const char *s, size_t n, const char *forbid) {
    int sp = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == ' ' || (forbid && strchr(forbid, c))) { sp = 1; continue; }
        if (sp && any) putc(' ', f);
        sp = 0, any = 1;
        putc(c, f);
    }
}
static void fs(FILE *f, const char *s, const char *forbid) {
    if (s) fld(f, s, strlen(s), forbid);
}

static int gdelt_geo_type(const gz_place *p) {
    int us = p->cc[0] == 'U' && p->cc[1] == 'S';
    switch (p->type) {
    case GZ_COUNTRY: return 1;
    case GZ_ADM1: return us ? 2 : 5;
    case GZ_CITY: return us ? 3 : 4;
    case GZ_REGION: return p->adm1code[0] ? (us ? 2 : 5) : 4;
    }
    return 0;
}

static void adm1_code(const gz_place *p, char *buf, size_t cap) {
    buf[0] = 0;
    if (!p->fips[0]) return;
    if (p->cc[0] == 'U' && p->cc[1] == 'S' && p->adm1code[0]) snprintf(buf, cap, "US%.4s", p->adm1code);
    else if (p->fipsadm1[0]) snprintf(buf, cap, "%.2s%.2s", p->fips, p->fipsadm1);
    else snprintf(buf, cap, "%.2s", p->fips);
}

/* A place as GDELT writes it: Type, FullName, CountryCode, ADM1Code,
 * [ADM2Code,] Lat, Long, FeatureID, separated by sep (the Event columns, or
 * '#' inside a GKG location block); an unknown place is type 0 with the rest
 * empty.  forbid: characters a name must not contain there. */
static void geo_fields(FILE *f, const dy_kg *kg, uint32_t place, char sep, int adm2, const char *forbid) {
    const dy_gaz *g = dy_kg_gazetteer(kg);
    const gz_place *p = g && place != GZ_NONE ? dy_gaz_place(g, place) : NULL;
    if (!p) {
        fputc('0', f);
        for (int k = 0; k < 6 + adm2; k++) fputc(sep, f);
        return;
    }
    char full[512], adm[16];
    dy_kg_full_name(kg, place, full, sizeof full);
    adm1_code(p, adm, sizeof adm);
    fprintf(f, "%d%c", gdelt_geo_type(p), sep);
    fs(f, full, forbid);
    fprintf(f, "%c%.2s%c%s%c", sep, p->fips, sep, adm, sep);
    if (adm2) fputc(sep, f);
    if (p->hascoord) fprintf(f, "%.4f%c%.4f%c", p->lat, sep, p->lon, sep);
    else fprintf(f, "%c%c", sep, sep);
    if (p->type == GZ_CITY && p->geonameid) fprintf(f, "%u", p->geonameid);
    else if (p->type == GZ_COUNTRY) fprintf(f, "%.2s", p->fips);
    else if (p->type == GZ_ADM1 || (p->type == GZ_REGION && p->adm1code[0])) fputs(adm, f);
    else fs(f, dy_gaz_str(g, p->name), forbid);
}

/* the 8 geo columns of an Event line, each preceded by a tab */
static void geo_cols(FILE *f, const dy_kg *kg, uint32_t place) {
    fputc('\t', f);
    geo_fields(f, kg, place, '\t', 1, "\t");
}

static uint32_t actor_place(const dy_kg *kg, const dyad_actor *x) {
    if (!x->code) return GZ_NONE;
    if (x->region) {
        uint32_t r = dy_kg_gazetteer(kg) ? dy_gaz_adm1(dy_kg_gazetteer(kg), x->region) : GZ_NONE;
        if (r != GZ_NONE) return r;
    }
    return kg_actor_country(kg, x->code);
}

/* actor columns: Code, Name, CountryCode, KnownGroupCode, EthnicCode,
 * Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code */
static void actor_cols(FILE *f, const dy_kg *kg, const dyad_article *a, const dyad_actor *x) {
    if (!x->code) { fputs("\t\t\t\t\t\t\t\t\t\t", f); return; }
    fputc('\t', f);
    fs(f, x->code, "\t");
    fputc('\t', f);
    size_t s = x->start < a->text_len ? x->start : a->text_len, e = x->end < a->text_len ? x->end : a->text_len;
    for (size_t i = s; i < e; i++) { /* GDELT writes names in capitals */
        unsigned char c = (unsigned char)a->text[i];
        putc(c < 0x20 || c == '\t' ? ' ' : (c >= 'a' && c <= 'z') ? c - 32 : c, f);
    }
    const char *c = x->code;
    size_t n = strlen(c);
    char country[4] = "", group[4] = "", types[3][4] = {"", "", ""};
    size_t at = 0;
    if (n >= 3 && kg_actor_country(kg, c) != GZ_NONE) memcpy(country, c, 3), at = 3;
    else if (n >= 6 && (!strncmp(c, "IGO", 3) || !strncmp(c, "NGO", 3) || !strncmp(c, "IMG", 3) || !strncmp(c, "MNC", 3)))
        memcpy(types[0], c, 3), memcpy(group, c + 3, 3), at = 6;
    int nt = types[0][0] ? 1 : 0;
    for (; at + 3 <= n && nt < 3 && c[at] != '/'; at += 3) memcpy(types[nt++], c + at, 3);
    fprintf(f, "\t%s\t%s\t\t\t\t%s\t%s\t%s", country, group, types[0], types[1], types[2]);
}

static void now_stamp(char *buf, size_t cap) {
    time_t tt = time(NULL);
    struct tm tmv;
    gmtime_r(&tt, &tmv);
    strftime(buf, cap, "%Y%m%d%H%M%S", &tmv);
}

static size_t lead_end(const dyad_article *a) {
    const char *p = strstr(a->text, "\n\n");
    return p ? (size_t)(p - a->text) : a->text_len;
}

int dy_write_gdelt_events(FILE *f, const dy_kg *kg, const dyad_article *a, const dyad_event *ev, int n,
                          const dy_kg_doc *doc) {
    char added[16];
    now_stamp(added, sizeof added);
    int y = 0, m = 0, d = 0;
    if (strlen(a->date) == 10) sscanf(a->date, "%d-%d-%d", &y, &m, &d);
    else {
        char t[16];
        memcpy(t, added, 8);
        t[8] = 0;
        sscanf(t, "%4d%2d%2d", &y, &m, &d);
    }
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    double frac = y + (cum[(m > 0 && m <= 12) ? m - 1 : 0] + d) / 365.0;
    size_t lead = lead_end(a);
    uint64_t base = dy_hash64(a->id, strlen(a->id)) & 0xFFFFFFFFFFULL;
    for (int i = 0; i < n; i++) {
        const dyad_event *e = &ev[i];
        int dup = 0, mentions = 1;
        for (int k = 0; k < n && !dup; k++) {
            if (k == i) continue;
            int same = !strcmp(ev[k].source.code, e->source.code) && !strcmp(ev[k].code, e->code) &&
                       ((!ev[k].target.code && !e->target.code) ||
                        (ev[k].target.code && e->target.code && !strcmp(ev[k].target.code, e->target.code)));
            if (!same) continue;
            if (k < i) dup = 1;
            else mentions++;
        }
        if (dup) continue;
        const dyad_cameo *cm = dyad_cameo_lookup(e->code);
        fprintf(f, "%llu\t%04d%02d%02d\t%04d%02d\t%04d\t%.4f", (unsigned long long)(base * 1000 + (uint64_t)i), y, m, d,
                y, m, y, frac);
        actor_cols(f, kg, a, &e->source);
        actor_cols(f, kg, a, &e->target);
        int root = dy_cameo_root(e->code);
        char base3[4] = "";
        snprintf(base3, sizeof base3, "%.3s", e->code);
        fprintf(f, "\t%d\t%s\t%s\t%02d\t%d\t%.1f\t%d\t1\t1\t%.4f", e->sent_start < lead, e->code, base3, root < 0 ? 0 : root,
                cm ? cm->quad : 0, cm ? cm->goldstein : 0.0, mentions, doc && doc->tone.available ? doc->tone.tone : 0.0);
        geo_cols(f, kg, actor_place(kg, &e->source));
        geo_cols(f, kg, actor_place(kg, &e->target));
        geo_cols(f, kg, doc && i < doc->n_evlocs ? doc->evlocs[i].place : GZ_NONE);
        fprintf(f, "\t%s\t", added);
        fs(f, a->url[0] ? a->url : a->id, "\t");
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

/* ------------------------------------------------------------ GKG */

/* a GKG location block (V1: 7 fields; V2: with ADM2 and the offset) */
static void loc_block(FILE *f, const dy_kg *kg, uint32_t place, int v2, size_t offset) {
    geo_fields(f, kg, place, '#', v2, "\t;#");
    if (v2) fprintf(f, "#%zu", offset);
}

int dy_write_gkg(FILE *f, const dy_kg *kg, const dyad_article *a, const dy_kg_doc *d, long seq) {
    char stamp[16];
    now_stamp(stamp, sizeof stamp);
    char date[16];
    if (strlen(a->date) == 10) snprintf(date, sizeof date, "%.4s%.2s%.2s000000", a->date, a->date + 5, a->date + 8);
    else snprintf(date, sizeof date, "%s", stamp);
    fprintf(f, "%s-%ld\t%s\t1\t", stamp, seq, date);
    fs(f, a->source, "\t");
    fputc('\t', f);
    fs(f, a->url[0] ? a->url : a->id, "\t");
    fputs("\t\t\t", f); /* V1COUNTS, V2.1COUNTS */
    for (int i = 0; i < d->n_themes; i++) fprintf(f, "%s;", d->themes[i].theme);
    fputc('\t', f);
    for (int i = 0; i < d->n_themes; i++) fprintf(f, "%s,%zu;", d->themes[i].theme, d->themes[i].start);
    fputc('\t', f);
    for (int i = 0; i < d->n_locs; i++) { if (i) fputc(';', f); loc_block(f, kg, d->locs[i].place, 0, 0); }
    fputc('\t', f);
    for (int i = 0; i < d->n_lms; i++) { if (i) fputc(';', f); loc_block(f, kg, d->lms[i].place, 1, d->lms[i].start); }
    fputc('\t', f);
    for (int i = 0; i < d->n_persons; i++) { if (i) fputc(';', f); fs(f, d->persons[i].name, "\t;,"); }
    fputc('\t', f);
    for (int i = 0; i < d->n_persons; i++) { fs(f, d->persons[i].name, "\t;,"); fprintf(f, ",%zu;", d->persons[i].start); }
    fputc('\t', f);
    for (int i = 0; i < d->n_orgs; i++) { if (i) fputc(';', f); fs(f, d->orgs[i].name, "\t;,"); }
    fputc('\t', f);
    for (int i = 0; i < d->n_orgs; i++) { fs(f, d->orgs[i].name, "\t;,"); fprintf(f, ",%zu;", d->orgs[i].start); }
    fputc('\t', f);
    if (d->tone.available)
        fprintf(f, "%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d", d->tone.tone, d->tone.positive, d->tone.negative, d->tone.polarity,
                d->tone.activity, d->tone.selfgroup, d->tone.words);
    fputc('\t', f);
    for (int i = 0; i < d->n_dates; i++) {
        const char *x = d->dates[i].date;
        int y = 0, m = 0, dd = 0;
        size_t l = strlen(x);
        if (!l) continue;
        sscanf(x, "%d-%d-%d", &y, &m, &dd);
        int res = l == 4 ? 1 : l == 7 ? 2 : 3;
        fprintf(f, "%d#%d#%d#%d#%zu;", res, m, dd, y, d->dates[i].start);
    }
    fprintf(f, "\twc:%d\t\t\t\t\t", d->tone.words); /* GCAM, 4 image/video columns */
    for (int i = 0; i < d->n_quotes; i++) {
        const kg_quote *q = &d->quotes[i];
        if (i) fputc('#', f);
        fprintf(f, "%zu|%zu|", q->start, q->last_end - q->start);
        fs(f, q->verb, "\t|#");
        fputc('|', f);
        fs(f, q->text, "\t|#");
    }
    fputc('\t', f);
    for (int i = 0; i < d->n_persons; i++) { fs(f, d->persons[i].name, "\t;,"); fprintf(f, ",%zu;", d->persons[i].start); }
    for (int i = 0; i < d->n_orgs; i++) { fs(f, d->orgs[i].name, "\t;,"); fprintf(f, ",%zu;", d->orgs[i].start); }
    fputc('\t', f);
    for (int i = 0; i < d->n_amounts; i++) {
        const kg_amount *m = &d->amounts[i];
        fprintf(f, "%.15g,", m->value);
        fs(f, m->object[0] ? m->object : m->unit, "\t;,");
        fprintf(f, ",%zu;", m->start);
    }
    fputs("\t\t<PAGE_TITLE>", f); /* TRANSLATIONINFO empty, then EXTRASXML */
    for (const char *t = a->title; *t; t++) {
        if (*t == '<') fputs("&lt;", f);
        else if (*t == '>') fputs("&gt;", f);
        else if (*t == '&') fputs("&amp;", f);
        else if ((unsigned char)*t >= 0x20 && *t != '\t') fputc(*t, f);
        else fputc(' ', f);
    }
    fputs("</PAGE_TITLE>", f);
    if (d->n_quotes) {
        fputs("<DYAD_SPEAKERS>", f);
        for (int i = 0; i < d->n_quotes; i++) {
            if (i) fputc('#', f);
            for (const char *t = d->quotes[i].speaker ? d->quotes[i].speaker : ""; *t; t++)
                if (*t != '<' && *t != '>' && *t != '&' && *t != '\t' && *t != '|' && *t != '#') fputc(*t, f);
            fprintf(f, "|%s", d->quotes[i].speaker_code ? d->quotes[i].speaker_code : "");
        }
        fputs("</DYAD_SPEAKERS>", f);
    }
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}
