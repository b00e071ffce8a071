/*
 * taizhang demo: a new database holding a realistic demo province (handler layer). The tree is
 * a provincial organization department with its offices, 11 cities and ~170 counties, each
 * with offices; people get Chinese names and positions. Everything goes through the models,
 * so counts and the audit chain are as real use would leave them. Deterministic per --seed.
 */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "auth/account.h"
#include "core/str.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "person/person.h"
#include "unit/unit.h"

static const char demo_usage[] =
    "usage: taizhang demo --db PATH [--scale small|province] [--seed N]\n"
    "Creates PATH (which must not exist) holding a demo province and prints the logins.\n"
    "small: 3 cities, 9 counties, ~1,000 people (default); province: 11 cities, ~170\n"
    "counties, ~40,000 people.\n";

static const char *const city_names[] = { "江州", "安平", "临川", "青阳", "云溪", "长宁",
                                          "白石", "东岭", "南湖", "北山", "西河" };
static const char *const county_first[] = { "清", "安", "永", "宁", "丰", "平", "新", "福",
                                            "泰", "和", "兴", "昌", "德", "仁", "怀", "崇" };
static const char *const county_second[] = { "源", "溪", "山", "江", "阳", "川",
                                             "水", "林", "城", "河", "谷", "湖" };
static const char *const province_offices[] = {
    "办公室",   "干部一处",   "干部二处",   "干部三处",     "干部监督处", "组织一处",
    "组织二处", "人才工作处", "干部教育处", "公务员管理处", "研究室",     "信息管理处",
};
static const char *const city_offices[] = { "办公室",     "干部科", "组织科",
                                            "干部监督科", "人才科", "公务员科" };
static const char *const county_offices[] = { "办公室", "干部股", "组织股", "干部监督股" };
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
    "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "红",
    "志", "海", "东", "宁", "晓", "春", "玉", "兰", "斌", "辉", "鹏", "波", "俊", "琳",
    "雪", "梅", "林", "峰", "慧", "颖", "博", "宇", "浩", "凯", "健", "婷", "倩", "欣",
};
static const char *const positions[] = { "科员",         "一级科员",     "四级主任科员",
                                         "三级主任科员", "二级主任科员", "一级主任科员",
                                         "四级调研员",   "副科长",       "科长",
                                         "副处长",       "处长" };

/* splitmix64: reproducible demo data from --seed. */
static uint64_t rng_state;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}
static size_t pick(size_t n)
{
    return (size_t)(rng() % n);
}
#define PICK(a) (a)[pick(sizeof(a) / sizeof((a)[0]))]

struct demo {
    struct db *db;      /* the new database */
    struct actor who;   /* the command line */
    long long n_people; /* people added so far */
    long long target;   /* people to add in all */
    int failed;         /* a model call failed */
};

static void add_unit(struct demo *d, const char *code, const char *name, const char *parent,
                     const char *kind)
{
    struct unit_input in = { code, name, parent, kind };
    struct err err = { 0 };
    long long id;
    if (!d->failed && unit_add(d->db, &d->who, &in, &id, &err) != RES_OK) {
        cli_fail(&err);
        d->failed = 1;
    }
}

static void add_people(struct demo *d, const char *unit, int n, int senior)
{
    for (int i = 0; i < n && !d->failed; i++) {
        char name[32];
        if (pick(3) == 0)
            snprintf(name, sizeof(name), "%s%s", PICK(surnames), PICK(given));
        else
            snprintf(name, sizeof(name), "%s%s%s", PICK(surnames), PICK(given), PICK(given));
        size_t top = sizeof(positions) / sizeof(positions[0]);
        const char *position = positions[senior ? pick(top) : pick(top - 3)];
        struct person_input in = { unit, name, position };
        struct err err = { 0 };
        long long id;
        if (person_add(d->db, &d->who, &in, &id, &err) != RES_OK) {
            cli_fail(&err);
            d->failed = 1;
        }
        if (++d->n_people % 500 == 0)
            cli_progress("people", d->n_people, d->target);
    }
}

/* Adds a person with an account; prints the login and password. */
static void add_login(struct demo *d, const char *login, const char *name, const char *unit,
                      const char *role)
{
    if (d->failed)
        return;
    char password[17], hash[crypto_pwhash_STRBYTES];
    token_random_n(password, sizeof(password));
    struct err err = { 0 };
    long long person_id, account_id;
    struct person_input pin = { unit, name, "工作人员" };
    if (password_hash(password, hash, &err) != RES_OK ||
        person_add(d->db, &d->who, &pin, &person_id, &err) != RES_OK) {
        cli_fail(&err);
        d->failed = 1;
        return;
    }
    struct account_input ain = { login, person_id, role, hash };
    if (account_add(d->db, &d->who, &ain, &account_id, &err) != RES_OK) {
        cli_fail(&err);
        d->failed = 1;
        return;
    }
    printf("  %-10s %-16s %-11s %s\n", login, password, role, unit);
}

int demo_cmd(int argc, char **argv)
{
    const char *db_opt = NULL, *scale = "small", *seed_opt = NULL;
    const struct cli_opt opts[] = {
        { "db", &db_opt, 0 }, { "scale", &scale, 0 }, { "seed", &seed_opt, 0 }, { NULL, NULL, 0 }
    };
    int rc = cli_parse(argc, argv, opts, NULL, 0, demo_usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    int province = strcmp(scale, "province") == 0;
    if (!province && strcmp(scale, "small") != 0) {
        fprintf(stderr, "error: --scale must be small or province\n%s", demo_usage);
        return EXIT_USAGE;
    }
    long long seed = 1;
    if (seed_opt && str_to_ll(seed_opt, 0, INT64_MAX, &seed) != 0) {
        fprintf(stderr, "error: --seed must be a number\n%s", demo_usage);
        return EXIT_USAGE;
    }
    rng_state = (uint64_t)seed;
    const char *path = cli_db_path(db_opt);
    if (!path) {
        fprintf(stderr, "error: no database: give --db PATH or set TAIZHANG_DB\n%s", demo_usage);
        return EXIT_USAGE;
    }
    struct buf msg;
    buf_init(&msg, 1024);
    struct demo d = { .db = db_open(path, DB_F_CREATE, &msg) };
    if (!d.db) {
        fprintf(stderr, "error: %s\n", buf_str(&msg));
        buf_release(&msg);
        return EXIT_FAIL;
    }
    buf_release(&msg);
    actor_system(&d.who);
    int n_cities = province ? 11 : 3;
    int per_county = province ? 180 : 60, per_city = province ? 500 : 150;
    int per_office = province ? 12 : 6;
    d.target = (long long)n_cities * (province ? 15.5 : 3) * (per_county + 4 * per_office / 2) +
               (long long)n_cities * (per_city + 6 * per_office) + 12 * per_office;
    db_tx_begin(d.db);
    add_unit(&d, "P", "示范省委组织部", NULL, "province");
    char code[80], name[160], parent[16];
    for (size_t i = 0; i < sizeof(province_offices) / sizeof(province_offices[0]); i++) {
        snprintf(code, sizeof(code), "P-%02zu", i + 1);
        add_unit(&d, code, province_offices[i], "P", "office");
        add_people(&d, code, per_office + (int)pick(8), 1);
    }
    int county_no = 0;
    for (int c = 0; c < n_cities; c++) {
        snprintf(parent, sizeof(parent), "C%02d", c + 1);
        snprintf(name, sizeof(name), "%s市委组织部", city_names[c]);
        add_unit(&d, parent, name, "P", "city");
        add_people(&d, parent, per_city / 2 + (int)pick((size_t)per_city), 1);
        for (size_t o = 0; o < sizeof(city_offices) / sizeof(city_offices[0]); o++) {
            snprintf(code, sizeof(code), "%s-%02zu", parent, o + 1);
            snprintf(name, sizeof(name), "%s市委组织部%s", city_names[c], city_offices[o]);
            add_unit(&d, code, name, parent, "office");
            add_people(&d, code, per_office / 2 + (int)pick((size_t)per_office), 1);
        }
        int n_counties = province ? 14 + (c % 4) : 3;
        for (int k = 0; k < n_counties; k++) {
            char county[40], cname[64];
            snprintf(county, sizeof(county), "%s-K%02d", parent, k + 1);
            int district = k < 2;
            snprintf(cname, sizeof(cname), "%s%s%s", county_first[(county_no * 7 + k) % 16],
                     county_second[(county_no * 5 + c) % 12], district ? "区" : "县");
            county_no++;
            snprintf(name, sizeof(name), "%s委组织部", cname);
            add_unit(&d, county, name, parent, "county");
            add_people(&d, county, per_county / 2 + (int)pick((size_t)per_county), 0);
            for (size_t o = 0; o < sizeof(county_offices) / sizeof(county_offices[0]); o++) {
                snprintf(code, sizeof(code), "%s-%02zu", county, o + 1);
                snprintf(name, sizeof(name), "%s委组织部%s", cname, county_offices[o]);
                add_unit(&d, code, name, county, "office");
                add_people(&d, code, per_office / 4 + (int)pick((size_t)per_office / 2 + 1), 0);
            }
        }
    }
    cli_progress("people", d.target, d.target);
    if (!d.failed)
        printf("demo logins (shown once; change them with 'taizhang user passwd'):\n"
               "  %-10s %-16s %-11s %s\n",
               "login", "password", "role", "unit");
    add_login(&d, "admin", "系统管理员", "P", "admin");
    add_login(&d, "sup", "赵督查", "P", "supervisor");
    add_login(&d, "city", "钱市管", "C01", "unit_admin");
    add_login(&d, "county", "孙县员", "C01-K01", "staff");
    if (d.failed || db_tx_commit(d.db) != RES_OK) {
        if (d.db->tx_depth)
            db_tx_rollback(d.db);
        db_close(d.db);
        remove(path);
        fprintf(stderr, "error: demo not created\n");
        return EXIT_FAIL;
    }
    long long units = db_count(d.db, "SELECT count(*) FROM unit", NULL, 0);
    long long people = db_count(d.db, "SELECT count(*) FROM person", NULL, 0);
    printf("created %s: %lld units, %lld people (%s scale, seed %lld)\n", path, units, people,
           province ? "province" : "small", seed);
    db_close(d.db);
    return EXIT_OK;
}
