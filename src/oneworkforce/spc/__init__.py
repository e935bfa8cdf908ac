"""Statistical process control as NHS England's Making Data Count (MDC) programme uses it:
XmR charts, the four special-cause rules, and the variation and assurance icons."""

from oneworkforce.spc.chart import SpcChart, spc_chart
from oneworkforce.spc.limits import Limits, xmr_limits
from oneworkforce.spc.rules import RULES, RuleOptions

__all__ = ["RULES", "Limits", "RuleOptions", "SpcChart", "spc_chart", "xmr_limits"]
