/*
 * The command-line verbs (handler layer). Each takes argv with the verb in argv[0] and returns
 * the exit code (see cli.h). main.c holds the table that names them.
 */
#ifndef TZ_CMDS_H
#define TZ_CMDS_H

int init_cmd(int argc, char **argv);
int demo_cmd(int argc, char **argv);
int serve_cmd(int argc, char **argv);
int unit_cmd(int argc, char **argv);
int user_cmd(int argc, char **argv);
int token_cmd(int argc, char **argv);
int backup_cmd(int argc, char **argv);
int restore_cmd(int argc, char **argv);
int audit_cmd(int argc, char **argv);
int plan_cmd(int argc, char **argv);
int task_cmd(int argc, char **argv);
int opinion_cmd(int argc, char **argv);
int eval_cmd(int argc, char **argv);
int question_cmd(int argc, char **argv);
int exam_cmd(int argc, char **argv);
int training_cmd(int argc, char **argv);
int commendations_cmd(int argc, char **argv);
int media_cmd(int argc, char **argv);
int meetings_cmd(int argc, char **argv);
int rules_cmd(int argc, char **argv);
int contests_cmd(int argc, char **argv);
int survey_cmd(int argc, char **argv);
int research_cmd(int argc, char **argv);
int discipline_cmd(int argc, char **argv);
int statistics_cmd(int argc, char **argv);
int supervise_cmd(int argc, char **argv);
int notify_cmd(int argc, char **argv);

/* Runs the sub-verb of a verb group ("unit add ...") from a table; prints the group's usage
 * for --help or an unknown sub-verb. */
struct cli_sub {
    const char *name;                 /* sub-verb */
    int (*fn)(int argc, char **argv); /* gets argv starting at the sub-verb */
    const char *summary;              /* one line for the group's usage */
};
int cli_dispatch(const char *group, const struct cli_sub *subs, int argc, char **argv);

#endif
