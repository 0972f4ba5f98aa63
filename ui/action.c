/* What an action's row says, read with the operations table. */
#include "action.h"

#include "ops.h"

bool action_writes(const action *ac)
{
    const dd_op *op = dd_op_get(ac->op);
    return op && op->writes;
}

const char *action_help(const action *ac)
{
    if (ac->help)
        return ac->help;
    const dd_op *op = dd_op_get(ac->op);
    return op ? op->summary : NULL;
}
