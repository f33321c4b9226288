import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import {
  HttpResponse,
  LoginRequiredMixin,
  PermissionRequiredMixin,
  TemplateResponse,
  UserPassesTestMixin,
  View,
  authenticate,
  login,
  loginRequired,
  logout,
  path,
  permissionRequired,
  userPassesTest,
  type HttpRequest,
  type UrlPattern,
} from '../../src';
import { tokenView } from './support';

/** An entity of the test app 'shop' (its default permissions: shop.add_item, shop.change_item, …). */
@Entity('shop_item')
export class Item {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
}

class Private extends LoginRequiredMixin(View) {
  get(request: HttpRequest) {
    return new HttpResponse(`private for ${request.user.username}`);
  }
}

class PrivateRaise extends LoginRequiredMixin(View) {
  override raiseException = true;
  get() {
    return new HttpResponse('private');
  }
}

class PrivateElsewhere extends LoginRequiredMixin(View) {
  override loginUrl: string | null = 'https://accounts.example.com/login/';
  override redirectFieldName: string | null = 'return_to';
  get() {
    return new HttpResponse('private');
  }
}

class PrivateNoNext extends LoginRequiredMixin(View) {
  override loginUrl: string | null = 'sign-in';
  override redirectFieldName: string | null = null;
  get() {
    return new HttpResponse('private');
  }
}

class ChangeItem extends PermissionRequiredMixin(View) {
  override permissionRequired: string | readonly string[] | null = 'shop.change_item';
  get() {
    return new HttpResponse('may change');
  }
}

class ChangeAndDelete extends PermissionRequiredMixin(View) {
  override permissionRequired: string | readonly string[] | null = ['shop.change_item', 'shop.delete_item'];
  get() {
    return new HttpResponse('may change and delete');
  }
}

class MissingPermission extends PermissionRequiredMixin(View) {
  get() {
    return new HttpResponse('never');
  }
}

class StaffOnly extends UserPassesTestMixin(View) {
  override permissionDeniedMessage = 'Staff only, sorry.';
  override testFunc() {
    return this.request.user.isStaff === true;
  }
  get() {
    return new HttpResponse('staff page');
  }
}

class NoTest extends UserPassesTestMixin(View) {
  get() {
    return new HttpResponse('never');
  }
}

/** Both checks stacked: each runs in its own dispatch. */
class StaffWithPermission extends LoginRequiredMixin(PermissionRequiredMixin(View)) {
  override permissionRequired: string | readonly string[] | null = 'shop.view_item';
  get() {
    return new HttpResponse('stacked ok');
  }
}

/** A plain View class, guarded by loginRequired() in the urlconf. */
class Secret extends View {
  get() {
    return new HttpResponse('class secret');
  }
}

/** Views of the auth suites. */
export const authUrls: UrlPattern[] = [
  path('token/', tokenView),
  path('do-login/', async (request: HttpRequest) => {
    const user = await authenticate(request, { username: request.POST.get('username'), password: request.POST.get('password') });
    if (!user) return new HttpResponse('invalid', { status: 401 });
    await login(request, user);
    return new HttpResponse('logged in');
  }),
  path('do-logout/', async (request: HttpRequest) => {
    await logout(request);
    return new HttpResponse('logged out');
  }),
  path('whoami/', (request: HttpRequest) => new HttpResponse(request.user.isAuthenticated ? String(request.user.username) : 'anonymous')),
  path('set/<str:key>/<str:value>/', async (request: HttpRequest, { key, value }) => {
    await request.session.set(key, value);
    return new HttpResponse('ok');
  }),
  path('get/<str:key>/', async (request: HttpRequest, { key }) => new HttpResponse(String(await request.session.get(key, '-')))),
  path('user-template/', (request: HttpRequest) => new TemplateResponse(request, 'user.pug', {})),
  path('private/', Private.asView()),
  path('private-raise/', PrivateRaise.asView()),
  path('private-elsewhere/', PrivateElsewhere.asView()),
  path('private-no-next/', PrivateNoNext.asView()),
  path('accounts/sign-in/', () => new HttpResponse('login page'), { name: 'sign-in' }),
  path('change-item/', ChangeItem.asView()),
  path('change-and-delete/', ChangeAndDelete.asView()),
  path('missing-permission/', MissingPermission.asView()),
  path('staff/', StaffOnly.asView()),
  path('no-test/', NoTest.asView()),
  path('stacked/', StaffWithPermission.asView()),
  // Django's decorators on function views and View classes.
  path('fn/private/', loginRequired((request: HttpRequest) => new HttpResponse(`hello ${String(request.user.username)}`))),
  path('fn/private-elsewhere/', loginRequired(() => new HttpResponse('never'), { loginUrl: 'sign-in', redirectFieldName: 'back' })),
  path('fn/class-private/', loginRequired(Secret).asView()),
  path('fn/staff/', userPassesTest((user) => user.isStaff)(() => new HttpResponse('staff page'))),
  path('fn/change-item/', permissionRequired('shop.change_item')(() => new HttpResponse('may change'))),
  path('fn/change-item-raise/', permissionRequired(['shop.change_item'], { raiseException: true })(() => new HttpResponse('may change'))),
];
