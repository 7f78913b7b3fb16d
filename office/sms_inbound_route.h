// POST /v1/sms/inbound: the SMS gateway hands on a customer's reply (sms_inbound.h). Public
// in the route table, authenticated by [notify.sms] inbound_secret_file instead.
#pragma once

#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

HttpResponse sms_inbound_route(OfficeContext& ctx, const Call& call);

}  // namespace kopilka::office
