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
 */
#include "io/writer.h"
#include "code/cameo.h"
#include <string.h>

static void json_str(FILE *f, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    putc('"', f);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') { run++; continue; }
        if (run) fwrite(s + i - run, 1, run, f);
        run = 0;
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            fputs("\\u00", f);
            putc(hex[c >> 4], f);
            putc(hex[c & 15], f);
        }
    }
    if (run) fwrite(s + n - run, 1, run, f);
    putc('"', f);
}

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
    fputs(",\"text\":", f);
    size_t s = x->start, e = x->end;
    if (e > a->text_len) e = a->text_len;
    if (s > e) s = e;
    json_str(f, a->text + s, e - s);
    fprintf(f, ",\"start\":%zu,\"end\":%zu}", s, e);
}

int dy_write_events(FILE *f, int format, const dyad_article *a, const dyad_event *ev, int n) {
    for (int i = 0; i < n; i++) {
        const dyad_event *e = &ev[i];
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
        fputs("}\n", f);
    }
    return ferror(f) ? -1 : 0;
}
